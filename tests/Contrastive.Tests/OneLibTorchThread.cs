using static TorchSharp.torch;

namespace Contrastive.Tests;

/// <summary>
/// Base of fixtures that run libtorch on one thread: their tests check values (bit-identical runs need
/// a fixed thread count), and on a busy 2-core machine OpenMP regions with two threads stall.
/// Derived fixtures are [NonParallelizable] because the thread count is global.
/// </summary>
[NonParallelizable]
public abstract class OneLibTorchThread
{
    private int _threads;

    [OneTimeSetUp]
    public void UseOneThread()
    {
        _threads = get_num_threads();
        set_num_threads(1);
    }

    [OneTimeTearDown]
    public void RestoreThreads() => set_num_threads(_threads);
}
