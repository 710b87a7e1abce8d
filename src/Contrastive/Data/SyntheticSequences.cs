using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// How <see cref="SyntheticSequences"/> are made: their shape, how many of each split, the seed and the
/// noise. Values are checked wherever they are set.
/// </summary>
public sealed record SyntheticSequenceOptions
{
    /// <summary>Channels C of each sequence (channel c is the same signal a quarter period later per channel).</summary>
    public int Channels { get; init => field = OptionChecks.AtLeast(value, 1, nameof(SyntheticSequenceOptions), nameof(Channels), "one signal"); } = 1;

    /// <summary>Time steps T of each sequence.</summary>
    public int Length { get; init => field = OptionChecks.AtLeast(value, 2, nameof(SyntheticSequenceOptions), nameof(Length), "a sequence has a past and a future"); } = 256;

    /// <summary>Sequences in the training split.</summary>
    public int TrainCount { get; init => field = OptionChecks.AtLeast(value, 1, nameof(SyntheticSequenceOptions), nameof(TrainCount), "a split is not empty"); } = 10_000;

    /// <summary>Sequences in the test split.</summary>
    public int TestCount { get; init => field = OptionChecks.AtLeast(value, 1, nameof(SyntheticSequenceOptions), nameof(TestCount), "a split is not empty"); } = 2_000;

    /// <summary>Seed of both splits (each split draws from its own generator derived from it).</summary>
    public long Seed { get; init; }

    /// <summary>Standard deviation of the Gaussian noise added to every value (the signal's amplitude is about 1).</summary>
    public double Noise { get; init => field = OptionChecks.NonNegative(value, nameof(SyntheticSequenceOptions), nameof(Noise), "0.25"); } = 0.25;
}

/// <summary>
/// A seeded synthetic sequence dataset with known structure, for CPC's tests and demo: each sequence
/// is a periodic wave whose latent class sets its base period (7, 10, 15 or 22 steps), with a
/// frequency that drifts slowly along the sequence, a random waveform (sine, triangle, smoothed
/// square or sawtooth), phase and amplitude, and Gaussian noise. The class is a property of the
/// whole sequence that no single window shows reliably (the drift and the per-sequence jitter blur
/// neighbouring periods), so a model that summarises the past, such as CPC's context c_t, can recover
/// it with a linear probe, while predicting the next windows needs the current phase and waveform.
/// </summary>
/// <remarks>
/// Sequence n of class y: period p = P_y · j (j uniform in [0.92, 1.08]); frequency
/// f(t) = (1 + a sin(2πt / S + ψ)) / p with drift depth a in [0, 0.15] and drift time S in
/// [T/2, 3T/2]; phase φ(t) = φ₀ + 2π Σ_{s ≤ t} f(s); x_c(t) = A w(φ(t) + cπ/2) + σ ε with amplitude A
/// in [0.7, 1.3] and waveform w of the sequence. Classes are balanced (N mod 4 of them have one more
/// sequence) and shuffled. Every draw comes from one <see cref="Generator"/> per split, so the same
/// options give bit-identical sequences; the training and test splits use different generators.
/// </remarks>
public static class SyntheticSequences
{
    /// <summary>The name <see cref="Datasets.Load(string, DataSplit, IReadOnlyList{long}, DataLocations?)"/> and specs know it by.</summary>
    public const string DatasetName = "synthetic-sequences";   // a Definitions.Datasets key (a test checks)

    /// <summary>The base period of each class, in time steps, indexed by label.</summary>
    public static IReadOnlyList<double> Periods { get; } = [7.0, 10.0, 15.0, 22.0];

    /// <summary>The class names, indexed by label ("period 7", ...).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Periods.Select(p => "period " + p.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The waveforms a sequence is drawn with, in the order of their codes.</summary>
    public static IReadOnlyList<string> Waveforms { get; } = ["sine", "triangle", "square", "sawtooth"];

    /// <summary>One split, generated as <paramref name="options"/> say (default: 1 x 256 sequences, 10,000 + 2,000).</summary>
    public static SequenceDataset Load(DataSplit split, SyntheticSequenceOptions? options = null)
    {
        options ??= new SyntheticSequenceOptions();
        var count = split == DataSplit.Train ? options.TrainCount : options.TestCount;
        var splitName = split == DataSplit.Train ? "train" : "test";
        return Generate(count, options.Channels, options.Length, SplitSeed(options.Seed, split), options.Noise, $"{DatasetName} ({splitName})",
            FormattableString.Invariant($"generated: seed {options.Seed}, {splitName} split, noise {options.Noise}"));
    }

    /// <summary>
    /// <paramref name="count"/> sequences [C, T] drawn from a generator seeded with <paramref name="seed"/>,
    /// with balanced, shuffled labels.
    /// </summary>
    public static SequenceDataset Generate(long count, int channels, int length, ulong seed, double noise = 0.25, string name = DatasetName, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        OptionChecks.NonNegative(noise, nameof(SyntheticSequences), nameof(noise), "0.25");
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var classes = Periods.Count;

        // Balanced labels, shuffled: label n mod K, permuted.
        var labels = arange(count, dtype: ScalarType.Int64).remainder(classes).index_select(0, randperm(count, generator: generator));

        // Per-sequence draws, [N, 1] each (float64 so the phase sum stays exact over long sequences).
        Tensor Uniform(double low, double high) => (rand(new[] { count, 1L }, dtype: ScalarType.Float64, generator: generator) * (high - low)) + low;
        var period = tensor(Periods.ToArray(), dtype: ScalarType.Float64).index_select(0, labels).unsqueeze(1) * Uniform(0.92, 1.08);
        var depth = Uniform(0.0, 0.15);
        var drift = Uniform(0.5 * length, 1.5 * length);
        var driftPhase = Uniform(0.0, 2 * Math.PI);
        var startPhase = Uniform(0.0, 2 * Math.PI);
        var amplitude = Uniform(0.7, 1.3);
        var waveform = randint(Waveforms.Count, new[] { count, 1L, 1L }, generator: generator, dtype: ScalarType.Int64);

        // The phase along time, [N, T], then per channel a quarter period later, [N, C, T].
        var t = arange(length, dtype: ScalarType.Float64).unsqueeze(0);                         // [1, T]
        var frequency = (1.0 + (depth * (2 * Math.PI * t / drift + driftPhase).sin())) / period; // [N, T] cycles per step
        var phase = startPhase + (2 * Math.PI * frequency.cumsum(1));                           // [N, T]
        var offsets = arange(channels, dtype: ScalarType.Float64).mul(0.5 * Math.PI).view(1, channels, 1);
        var theta = phase.unsqueeze(1) + offsets;                                              // [N, C, T]

        // The four waveforms in [-1, 1], picked per sequence.
        var cycle = (theta / (2 * Math.PI)).frac();                                            // position in the cycle, [0, 1)
        var sawtooth = (2.0 * cycle) - 1.0;
        var waves = stack(new[] { theta.sin(), (2.0 * sawtooth.abs()) - 1.0, (4.0 * theta.sin()).tanh() / Math.Tanh(4.0), sawtooth }, 0);   // [4, N, C, T]
        var picked = waves.gather(0, waveform.unsqueeze(0).expand(1, count, channels, length)).squeeze(0);
        var noiseValues = randn(new[] { count, (long)channels, length }, dtype: ScalarType.Float64, generator: generator) * noise;
        var sequences = ((amplitude.unsqueeze(2) * picked) + noiseValues).to(ScalarType.Float32);

        var description = source ?? FormattableString.Invariant($"generated: seed {seed}, noise {noise}");
        return new SequenceDataset(name, description, scope.MoveToOuter(sequences), scope.MoveToOuter(labels), ClassNames);
    }

    // Each split gets its own stream: the seed's bits mixed with the split (SplitMix64's finaliser).
    private static ulong SplitSeed(long seed, DataSplit split)
    {
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15ul * ((ulong)split + 1)));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBul);
        return z ^ (z >> 31);
    }
}
