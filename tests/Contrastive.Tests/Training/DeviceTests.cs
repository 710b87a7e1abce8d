using System.Reflection;
using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Tests.Methods;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

/// <summary>
/// <c>--device</c>: its one parser, the error when CUDA is asked of a build without it, and the
/// trainer's contract: the model is moved before any optimizer or data-sized state is made, and no
/// tensor of a step (parameters, buffers, optimizer state, batch, generator, loss, metrics) lives on
/// another device than the one asked. Only a CPU exists on this project's machines, so every run here
/// asks for the CPU: the checks would catch a tensor left on (or created on) another device, and the
/// move itself is observed on the model.
/// </summary>
[TestFixture]
[NonParallelizable] // libtorch's thread count is global
public sealed class DeviceTests : OneLibTorchThread
{
    private static readonly ViewPipeline Views = new([new RandomResizedCrop(0.5, 1.0), new HorizontalFlip(), new GaussianNoise(0.05, 0.5)]);
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("contrastive-device-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("cpu", DeviceType.CPU, -1)]
    [TestCase("CPU", DeviceType.CPU, -1)]
    [TestCase("cuda", DeviceType.CUDA, 0)]
    [TestCase("cuda:0", DeviceType.CUDA, 0)]
    [TestCase("cuda:1", DeviceType.CUDA, 1)]
    [TestCase(" Cuda:12 ", DeviceType.CUDA, 12)]
    public void The_accepted_forms_parse_to_their_device(string text, DeviceType type, int index)
    {
        var device = DeviceChoice.Parse(text);
        Assert.That((device.type, device.index), Is.EqualTo((type, index)));
        Assert.That(DeviceChoice.Parse(DeviceChoice.Name(device)).ToString(), Is.EqualTo(device.ToString()), "Name reads back");
    }

    [TestCase("gpu")]
    [TestCase("cuda:")]
    [TestCase("cuda:-1")]
    [TestCase("cuda:x")]
    [TestCase("cuda:1:2")]
    [TestCase("cuda1")]
    [TestCase("cpu:0")]
    [TestCase("mps")]
    [TestCase("")]
    public void Other_forms_are_refused_naming_the_flag_and_what_it_takes(string text)
    {
        Assert.That(() => DeviceChoice.Parse(text),
            Throws.ArgumentException.With.Message.EqualTo($"--device must be cpu, cuda or cuda:N (N a GPU index, 0 or more); got '{text}'."));
    }

    [Test]
    public void Asking_for_CUDA_where_libtorch_has_none_says_so_and_what_to_do()
    {
        if (cuda.is_available())
        {
            Assert.Ignore("this machine has CUDA: the error cannot happen here.");
        }

        Assert.That(() => DeviceChoice.Resolve("cuda:1"),
            Throws.ArgumentException.With.Message.StartsWith("--device cuda:1: CUDA is not available to this libtorch")
                .And.Message.Contains("-p:ContrastiveTorchSharpPackage=TorchSharp-cuda-linux")
                .And.Message.Contains("use --device cpu"));
        Assert.That(DeviceChoice.Resolve("cpu").type, Is.EqualTo(DeviceType.CPU));
    }

    [Test]
    public void The_trainer_moves_the_model_before_it_makes_the_optimizer_or_the_data_sized_state()
    {
        using var data = Images(32, seed: 1);
        using var model = new Observed(TinyMethods.SimClr(new NegativeSampling(NegativeSource.MemoryBank, 16), dtype: ScalarType.Float32));
        Run(model, data, CPU);

        var moved = model.Events.IndexOf("to cpu");
        Assert.That(moved, Is.GreaterThanOrEqualTo(0), string.Join(", ", model.Events));
        Assert.That(moved, Is.LessThan(model.Events.IndexOf("optimizer")), string.Join(", ", model.Events));
        Assert.That(moved, Is.LessThan(model.Events.IndexOf("prepare")), string.Join(", ", model.Events));
    }

    [Test]
    public void Moving_to_the_CPU_changes_nothing_a_run_computes()
    {
        // The same code path on the CPU: the trainer's move, the generator made on the device and the
        // batch moved to it leave the run bit-identical to one whose model was moved by hand first.
        using var data = Images(32, seed: 2);
        using var a = TinyMethods.MoCo(dtype: ScalarType.Float32);
        using var b = TinyMethods.MoCo(dtype: ScalarType.Float32);
        b.to(CPU);
        var first = Run(a, data, CPU, "a");
        var second = Run(b, data, CPU, "b");
        Assert.That(second.Losses, Is.EqualTo(first.Losses));
        foreach (var (name, value) in a.state_dict())
        {
            Assert.That(value.equal(b.state_dict()[name]).all().item<bool>(), Is.True, name);
        }
    }

    private static IEnumerable<TestCaseData> Methods()
    {
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.SimClr(new NegativeSampling(NegativeSource.Queue, 8), dtype: ScalarType.Float32)), false).SetName("SimCLR with a queue");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.SimClr(new NegativeSampling(NegativeSource.MemoryBank, 16), dtype: ScalarType.Float32)), false).SetName("SimCLR with a memory bank");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.MoCo(dtype: ScalarType.Float32)), false).SetName("MoCo");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.Byol(dtype: ScalarType.Float32)), false).SetName("BYOL");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.Dim(gamma: 0.1, dtype: ScalarType.Float32)), false).SetName("Deep InfoMax with a prior");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() =>
        {
            random.manual_seed(3);
            return new Cpc(new CpcSettings(Steps: 2, FirstStep: 1, CpcNegatives.Both), nn.Conv1d(1, 4, kernel_size: 4, stride: 4), new SequenceGru(4, 4), patches: null, 4, 4);
        }), true).SetName("CPC on sequences");
    }

    [TestCaseSource(nameof(Methods))]
    public void No_tensor_of_a_step_lives_on_another_device_than_the_one_asked(Func<SelfSupervisedMethod> build, bool sequences)
    {
        using IDataset data = sequences
            ? SyntheticSequences.Load(DataSplit.Train, new SyntheticSequenceOptions { Length = 32, TrainCount = 32 })
            : Images(32, seed: 4);
        AssertEveryTensorOnTheAskedDevice(build(), data, sequences ? ViewPipeline.Identity : Views);
    }

    // One example model per method, as the registry lists them: a method added with its example is
    // covered here without a line of its own.
    private static IEnumerable<TestCaseData> ExampleModels() =>
        Contrastive.Models.ModelRegistry.All
            .Where(m => typeof(SelfSupervisedMethod).IsAssignableFrom(m.ModelType))
            .GroupBy(m => m.Method)
            .Select(g => new TestCaseData(g.First().Name).SetName($"No tensor of a step of {g.Key} ({g.First().Name}) lives on another device"));

    [TestCaseSource(nameof(ExampleModels))]
    public void No_tensor_of_an_example_models_step_lives_on_another_device(string name)
    {
        var info = Contrastive.Models.ModelRegistry.Find(name)!;
        var shape = info.InputShape;
        using IDataset data = shape.Count == 2
            ? SyntheticSequences.Load(DataSplit.Train, new SyntheticSequenceOptions { Channels = (int)shape[0], Length = (int)shape[1], TrainCount = 16 })
            : Images(16, seed: 6, shape);
        random.manual_seed(6);
        AssertEveryTensorOnTheAskedDevice((SelfSupervisedMethod)info.Create(), data, info.CreateOptions().Augment);
    }

    private void AssertEveryTensorOnTheAskedDevice(SelfSupervisedMethod method, IDataset data, ViewPipeline views)
    {
        using var model = new Observed(method);
        var asked = CPU;
        var optimizerStates = new List<(string What, Device Device)>();
        var trainer = new Trainer(model, data, views, Options(8) with { Epochs = 1 }, Settings(asked, _directory, steps: 3));
        trainer.Progress += _ => optimizerStates.AddRange(trainer.Optimizers.SelectMany((o, i) => OptimizerTensors(o).Select(t => ($"optimizer {i} {t.Name}", t.Device))));
        trainer.Run();

        var seen = model.StepTensors
            .Concat(model.named_parameters().Select(p => (What: $"parameter {p.name}", Device: p.parameter.device)))
            .Concat(model.named_buffers().Select(b => (What: $"buffer {b.name}", Device: b.buffer.device)))
            .Concat(optimizerStates)
            .ToList();
        Assert.That(model.StepTensors.Select(s => s.What), Does.Contain("loss").And.Contain("batch inputs").And.Contain("generator"));
        Assert.That(optimizerStates, Is.Not.Empty, "Adam keeps moments");
        Assert.That(seen.Where(s => s.Device.type != asked.type).Select(s => $"{s.What} on {s.Device}"), Is.Empty);
    }

    [Test]
    public void A_checkpoint_records_a_generator_by_its_device_and_refuses_a_resume_on_another()
    {
        using var data = Images(32, seed: 5);
        using var model = TinyMethods.MoCo(dtype: ScalarType.Float32);
        Run(model, data, CPU);
        var folder = new CheckpointStore(Path.Combine(_directory, "checkpoints")).Latest!;
        Assert.That(File.Exists(Path.Combine(folder, "generator-0.bin")), Is.True, "a CPU generator keeps the file name it always had");

        // As if the run had drawn on a GPU: its state cannot seed a CPU generator.
        File.Move(Path.Combine(folder, "generator-0.bin"), Path.Combine(folder, "generator-0.cuda.bin"));
        File.Delete(Path.Combine(folder, CheckpointManifest.FileName));
        CheckpointManifest.Write(folder);   // the checkpoint is whole, only of another device
        using var again = TinyMethods.MoCo(dtype: ScalarType.Float32);
        Assert.That(() => Run(again, data, CPU, resume: true),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("generator 0's state as generator-0.cuda.bin, for another device than this run's cpu"));
    }

    private TrainingSummary Run(SelfSupervisedMethod model, IDataset data, Device device, string? name = null, bool resume = false) =>
        new Trainer(model, data, Views, Options(8), Settings(device, name is null ? _directory : Path.Combine(_directory, name), steps: 4, resume)).Run();

    private static TrainerSettings Settings(Device device, string directory, long steps, bool resume = false) =>
        new() { RunDirectory = directory, Device = device, MaxSteps = steps, CheckpointEvery = 2, Resume = resume, TensorBoard = false };

    private static TrainOptions Options(int batch) => new() { BatchSize = batch, Epochs = 1, Seed = 7, Optimizer = new OptimizerOptions(OptimizerKind.Adam, 1e-2) };

    private static ImageDataset Images(int count, long seed, IReadOnlyList<long>? shape = null)
    {
        var images = rand([(long)count, .. shape ?? [1, 2, 2]], generator: new Generator((ulong)seed));
        return new ImageDataset("tiny", "test", (images * 255).to(ScalarType.Byte), zeros(count, dtype: ScalarType.Int64), ["tiny"]);
    }

    /// <summary>Every tensor an optimizer keeps per parameter (Adam's moments), found by reflection over its state objects.</summary>
    private static IEnumerable<(string Name, Device Device)> OptimizerTensors(optim.Optimizer optimizer)
    {
        var states = ((TorchSharp.Modules.OptimizerHelper)optimizer).state_dict().State;
        foreach (var state in states)
        {
            foreach (var field in state.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.GetValue(state) is Tensor tensor && !tensor.IsInvalid)
                {
                    yield return (field.Name, tensor.device);
                }
            }
        }
    }

    /// <summary>A method that wraps another and records what the trainer does to it and what its steps hold.</summary>
    private sealed class Observed : SelfSupervisedMethod
    {
        private readonly SelfSupervisedMethod inner;

        public Observed(SelfSupervisedMethod inner)
            : base(nameof(Observed))
        {
            this.inner = inner;
            register_module(nameof(inner), inner);
        }

        public List<string> Events { get; } = [];

        public List<(string What, Device Device)> StepTensors { get; } = [];

        public override IReadOnlyList<optim.Optimizer> InnerOptimizers => inner.InnerOptimizers;

        public override Tensor Features(Tensor inputs) => inner.Features(inputs);

        public override void Prepare(long trainingSetSize)
        {
            Events.Add("prepare");
            inner.Prepare(trainingSetSize);
        }

        public override IEnumerable<TorchSharp.Modules.Parameter> TrainedParameters()
        {
            Events.Add("optimizer");
            return inner.TrainedParameters();
        }

        public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
        {
            StepTensors.Add(("batch inputs", batch.Inputs.device));
            StepTensors.Add(("batch indices", batch.Indices.device));
            StepTensors.Add(("generator", generator.device));
            var result = inner.TrainingStep(batch, views, generator);
            StepTensors.Add(("loss", result.Loss.device));
            StepTensors.AddRange(result.Metrics.Select(m => ($"metric {m.Name}", m.Value.device)));
            return result;
        }

        public override void AfterOptimizerStep(long step, long totalSteps) => inner.AfterOptimizerStep(step, totalSteps);

        protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
        {
            Events.Add("to " + deviceType.ToString().ToLowerInvariant());
            return base._to(deviceType, deviceIndex, non_blocking);
        }

        protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
        {
            Events.Add("to " + device.type.ToString().ToLowerInvariant());
            return base._to(device, dtype, non_blocking);
        }
    }
}
