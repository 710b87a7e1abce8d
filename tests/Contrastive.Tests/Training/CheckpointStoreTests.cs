using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

[TestFixture]
public sealed class CheckpointStoreTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("contrastive-ckpt-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void RestoreBringsBackWeightsOptimizerMomentsAndRandomStates()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var model = nn.Linear(4, 3);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.Adam, 0.01));
        var views = new Generator(5);
        Step(model, optimizer);
        var store = new CheckpointStore(_directory);
        store.Save(new TrainingState(1, 0, 0.5), model, optimizer, [views]);

        var weight = model.weight!.detach().clone();
        var nextDraw = rand(3, generator: views).clone();
        var nextGlobal = rand(3).clone();
        Step(model, optimizer);
        var afterOneMore = model.weight!.detach().clone();

        // Diverge everything, then restore: the next step must repeat exactly.
        Step(model, optimizer);
        rand(7, generator: views);
        var state = store.Restore(model, optimizer, [views]);

        Assert.That(state, Is.EqualTo(new TrainingState(1, 0, 0.5)));
        Assert.That(model.weight!.allclose(weight, rtol: 0, atol: 0), Is.True, "weights");
        Assert.That(rand(3, generator: views).allclose(nextDraw, rtol: 0, atol: 0), Is.True, "view generator");
        Assert.That(rand(3).allclose(nextGlobal, rtol: 0, atol: 0), Is.True, "libtorch's global generator (dropout)");
        Step(model, optimizer);
        Assert.That(model.weight!.allclose(afterOneMore, rtol: 0, atol: 0), Is.True, "Adam's moments came back too");
    }

    [Test]
    public void OnlyTheNewestCheckpointsAreKeptAndLatestPointsAtTheLast()
    {
        using var model = nn.Linear(2, 2);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions());
        var store = new CheckpointStore(_directory, keep: 2);
        foreach (var step in new[] { 10L, 20, 30 })
        {
            store.Save(new TrainingState(step, 0, 1.0), model, optimizer, []);
        }

        Assert.That(Directory.GetDirectories(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "step-00000020", "step-00000030" }));
        Assert.That(Path.GetFileName(store.Latest), Is.EqualTo("step-00000030"));
    }

    [Test]
    public void AnInterruptedSaveLeavesThePreviousCheckpointCurrent()
    {
        using var model = nn.Linear(2, 2);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions());
        var store = new CheckpointStore(_directory);
        store.Save(new TrainingState(10, 0, 1.0), model, optimizer, []);

        // What a crash mid-save leaves: a temporary folder without its state file.
        var partial = Directory.CreateDirectory(Path.Combine(_directory, ".step-00000020.deadbeef.tmp")).FullName;
        File.WriteAllBytes(Path.Combine(partial, "model.bin"), [1, 2, 3]);

        Assert.That(Path.GetFileName(store.Latest), Is.EqualTo("step-00000010"));
        Assert.That(store.Restore(model, optimizer, [])!.Step, Is.EqualTo(10));
    }

    // A method's own optimizers (Deep InfoMax's prior discriminator) are saved beside the trainer's;
    // fails if only the first optimizer's state is written or if they are restored in another order.
    [Test]
    public void EveryOptimizerOfACheckpointIsRestoredInItsPlace()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        using var first = nn.Linear(4, 3);
        using var second = nn.Linear(4, 3);
        using var firstOptimizer = OptimizerFactory.Create(first, new OptimizerOptions(OptimizerKind.Adam, 0.01));
        using var secondOptimizer = OptimizerFactory.Create(second, new OptimizerOptions(OptimizerKind.Adam, 0.05));
        Step(first, firstOptimizer);
        Step(second, secondOptimizer);
        Step(second, secondOptimizer);
        using var both = nn.Sequential(("first", first), ("second", second));   // a container; never run
        var store = new CheckpointStore(_directory);
        store.Save(new TrainingState(1, 0, 0.5), both, [firstOptimizer, secondOptimizer], []);
        var saved = second.weight!.detach().clone();
        Step(second, secondOptimizer);
        var expected = second.weight!.detach().clone();

        using var freshSecondOptimizer = OptimizerFactory.Create(second, new OptimizerOptions(OptimizerKind.Adam, 0.05));
        store.Restore(both, [firstOptimizer, freshSecondOptimizer], []);
        Assert.That(second.weight!.allclose(saved, rtol: 0, atol: 0), Is.True, "the weights came back");
        Step(second, freshSecondOptimizer);
        Assert.That(second.weight!.allclose(expected, rtol: 0, atol: 0), Is.True, "the second optimizer's moments came back");
        Assert.That(File.Exists(Path.Combine(_directory, "step-00000001", "optimizer-1.bin")), Is.True);

        var one = new CheckpointStore(Path.Combine(_directory, "one"));
        one.Save(new TrainingState(1, 0, 0.5), both, firstOptimizer, []);
        Assert.That(() => one.Restore(both, [firstOptimizer, secondOptimizer], []), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("no state for optimizer 1"));
    }

    [Test]
    public void NoCheckpointMeansNothingToRestore()
    {
        using var model = nn.Linear(2, 2);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions());
        Assert.That(new CheckpointStore(_directory).Restore(model, optimizer, []), Is.Null);
    }

    private static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        model.call(ones(2, 4)).square().sum().backward();
        optimizer.step();
    }
}
