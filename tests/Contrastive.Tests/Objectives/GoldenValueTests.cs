using System.Text.Json;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

/// <summary>
/// Every MI estimator and contrastive loss against golden values from an independent Python
/// reference (<c>scripts/golden/objectives_golden.py</c>: PyTorch, cross-checked against a
/// 60-digit loop implementation). The cases, their exact float64 inputs and expected values live in
/// <c>objectives.golden.json</c> beside this file; see docs/TESTING.md, "Golden values".
/// </summary>
/// <remarks>
/// Agreement is required within <see cref="Tolerance"/> absolute when |expected| &lt;= 1 and
/// <see cref="Tolerance"/> relative above (NWJ and TUBA at scores of +-50 reach 1e34, the 1e4-scale
/// cases 1e4), i.e. |actual - expected| &lt;= 1e-6 * max(1, |expected|).
/// </remarks>
[TestFixture]
public sealed class GoldenValueTests
{
    /// <summary>Absolute below magnitude 1, relative above.</summary>
    public const double Tolerance = 1e-6;

    private static readonly string[] Functions =
    [
        "MutualInformation.InfoNce",
        "MutualInformation.Nwj",
        "MutualInformation.DonskerVaradhan",
        "MutualInformation.JensenShannon",
        "MutualInformation.JensenShannonNwj",
        "MutualInformation.Tuba",
        "MutualInformation.Interpolated",
        "MutualInformation.Smile",
        "Losses.InfoNce",
        "Losses.NtXent",
        "Losses.Nce",
        "Losses.MoCo",
    ];

    [Test]
    public void Golden_file_has_cases_for_every_function_and_no_others()
    {
        var counts = GoldenFile.Instance.Cases.GroupBy(c => c.Function).ToDictionary(g => g.Key, g => g.Count());

        Assert.Multiple(() =>
        {
            Assert.That(counts.Keys, Is.EquivalentTo(Functions), "functions in the golden file");
            foreach (var function in Functions)
            {
                Assert.That(counts.GetValueOrDefault(function), Is.GreaterThanOrEqualTo(5), function);
            }
        });
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.InfoNce" })]
    public void MutualInformation_InfoNce(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.InfoNce(golden.Input("scores")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.Nwj" })]
    public void MutualInformation_Nwj(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.Nwj(golden.Input("scores")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.DonskerVaradhan" })]
    public void MutualInformation_DonskerVaradhan(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.DonskerVaradhan(golden.Input("scores")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.JensenShannon" })]
    public void MutualInformation_JensenShannon(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.JensenShannon(golden.Input("scores")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.JensenShannonNwj" })]
    public void MutualInformation_JensenShannonNwj(GoldenCase golden)
    {
        // Only the value (NWJ(S + 1)) is golden; its gradient comes from JS and is tested elsewhere.
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.JensenShannonNwj(golden.Input("scores")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.Tuba" })]
    public void MutualInformation_Tuba(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.Tuba(golden.Input("scores"), golden.Input("logBaseline")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.Interpolated" })]
    public void MutualInformation_Interpolated(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.Interpolated(
            golden.Input("scores"), golden.Input("logBaseline"), golden.Double("alpha")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "MutualInformation.Smile" })]
    public void MutualInformation_Smile(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, MutualInformation.Smile(golden.Input("scores"), golden.Double("tau")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "Losses.InfoNce" })]
    public void Losses_InfoNce(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, Losses.InfoNce(golden.Input("scores"), golden.Bool("symmetric")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "Losses.NtXent" })]
    public void Losses_NtXent(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, Losses.NtXent(golden.Input("z1"), golden.Input("z2"), golden.Double("temperature")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "Losses.Nce" })]
    public void Losses_Nce(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        Check(golden, Losses.Nce(
            golden.Input("positiveScores"),
            golden.Input("negativeScores"),
            golden.Input("positiveNoiseLogDensity"),
            golden.Input("negativeNoiseLogDensity")));
    }

    [TestCaseSource(nameof(CasesOf), new object[] { "Losses.MoCo" })]
    public void Losses_MoCo(GoldenCase golden)
    {
        using var scope = torch.NewDisposeScope();
        var entries = golden.Input("queue");
        var capacity = checked((int)entries.shape[0]);
        var dimension = checked((int)entries.shape[1]);

        // A fresh queue of exactly Q entries holds the golden negatives (the loss only reads it).
        var queue = new NegativeQueue(capacity, dimension, ScalarType.Float64);
        try
        {
            queue.Enqueue(entries);
            var loss = Losses.MoCo(
                golden.Input("queries"), golden.Input("keys"), queue, golden.Double("temperature"));
            Check(golden, loss);
        }
        finally
        {
            // Whether the queue owns disposable native state is its own business; release it if so.
            if ((object)queue is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>The cases of one function, named by their case name in the test explorer.</summary>
    public static IEnumerable<TestCaseData> CasesOf(string function) =>
        GoldenFile.Instance.Cases
            .Where(c => c.Function == function)
            .Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    private static void Check(GoldenCase golden, Tensor actual)
    {
        Assert.That(actual.shape, Is.Empty, $"{golden}: the result must be a scalar (0-dimensional) tensor");
        Assert.That(actual.dtype, Is.EqualTo(ScalarType.Float64), $"{golden}: float64 inputs give a float64 result");

        var value = actual.item<double>();
        var tolerance = Tolerance * Math.Max(1.0, Math.Abs(golden.Expected));
        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(golden.Expected).Within(tolerance),
                $"{golden}: expected {golden.Expected:R}, got {value:R} (difference {value - golden.Expected:G3}, tolerance {tolerance:G3})");
            golden.AssertInputsUnchanged();
        });
    }
}

/// <summary>One golden case: a function, its parameters, its named inputs and the expected value.</summary>
public sealed class GoldenCase
{
    private readonly IReadOnlyDictionary<string, JsonElement> _parameters;
    private readonly IReadOnlyDictionary<string, GoldenArray> _inputs;
    private readonly List<(string Name, Tensor Tensor)> _created = [];

    internal GoldenCase(
        string function,
        string name,
        IReadOnlyDictionary<string, JsonElement> parameters,
        IReadOnlyDictionary<string, GoldenArray> inputs,
        double expected)
    {
        Function = function;
        Name = name;
        _parameters = parameters;
        _inputs = inputs;
        Expected = expected;
    }

    public string Function { get; }

    public string Name { get; }

    public double Expected { get; }

    /// <summary>A float64 tensor of the named input, owned by the caller's dispose scope.</summary>
    public Tensor Input(string input)
    {
        if (!_inputs.TryGetValue(input, out var array))
        {
            throw new KeyNotFoundException($"{this}: no input '{input}'");
        }

        _created.RemoveAll(c => c.Tensor.IsInvalid); // left by an earlier run that threw
        var tensor = torch.tensor(array.Data, array.Shape, dtype: torch.float64);
        _created.Add((input, tensor));
        return tensor;
    }

    public double Double(string parameter) => Parameter(parameter).GetDouble();

    public bool Bool(string parameter) => Parameter(parameter).GetBoolean();

    /// <summary>The function under test must not have written into its inputs.</summary>
    internal void AssertInputsUnchanged()
    {
        foreach (var (input, tensor) in _created)
        {
            Assert.That(tensor.data<double>().ToArray(), Is.EqualTo(_inputs[input].Data),
                $"{this}: input '{input}' was modified in place");
        }

        _created.Clear();
    }

    public override string ToString() => $"{Function} [{Name}]";

    private JsonElement Parameter(string parameter) =>
        _parameters.TryGetValue(parameter, out var value)
            ? value
            : throw new KeyNotFoundException($"{this}: no parameter '{parameter}'");
}

/// <summary>A row-major float64 array and its shape, as read from nested JSON lists.</summary>
internal sealed record GoldenArray(double[] Data, long[] Shape);

/// <summary>objectives.golden.json, parsed once per test run.</summary>
internal sealed class GoldenFile
{
    public const string RelativePath = "Objectives/objectives.golden.json";

    private static readonly Lazy<GoldenFile> Lazy = new(Load);

    private GoldenFile(IReadOnlyList<GoldenCase> cases) => Cases = cases;

    public static GoldenFile Instance => Lazy.Value;

    public IReadOnlyList<GoldenCase> Cases { get; }

    private static GoldenFile Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, RelativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"golden file not in the test output (is it in Contrastive.Tests.csproj with CopyToOutputDirectory?): {path}");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;

        var arrays = new Dictionary<string, GoldenArray>();
        foreach (var array in root.GetProperty("arrays").EnumerateObject())
        {
            arrays[array.Name] = ReadArray(array.Value, array.Name);
        }

        var cases = new List<GoldenCase>();
        foreach (var entry in root.GetProperty("cases").EnumerateArray())
        {
            var function = entry.GetProperty("function").GetString()!;
            var name = entry.GetProperty("name").GetString()!;
            var parameters = entry.GetProperty("parameters").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.Clone());
            var inputs = entry.GetProperty("inputs").EnumerateObject()
                .ToDictionary(
                    p => p.Name,
                    p => arrays.TryGetValue(p.Value.GetString()!, out var array)
                        ? array
                        : throw new InvalidDataException($"{function} [{name}]: unknown array '{p.Value.GetString()}'"));
            cases.Add(new GoldenCase(function, name, parameters, inputs, entry.GetProperty("expected").GetDouble()));
        }

        return new GoldenFile(cases);
    }

    private static GoldenArray ReadArray(JsonElement element, string name)
    {
        var shape = new List<long>();
        for (var probe = element; probe.ValueKind == JsonValueKind.Array; probe = probe[0])
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0)
            {
                break;
            }
        }

        var data = new List<double>();
        Flatten(element, 0, shape, data, name);
        return new GoldenArray([.. data], [.. shape]);
    }

    private static void Flatten(JsonElement element, int depth, List<long> shape, List<double> data, string name)
    {
        if (depth == shape.Count)
        {
            data.Add(element.GetDouble());
            return;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != shape[depth])
        {
            throw new InvalidDataException($"array '{name}' is ragged at depth {depth}");
        }

        foreach (var item in element.EnumerateArray())
        {
            Flatten(item, depth + 1, shape, data, name);
        }
    }
}
