using Contrastive.Native;

namespace Contrastive.Tests;

/// <summary>Loads TorchSharp once for every test in the assembly (the root namespace's setup fixture).</summary>
[SetUpFixture]
public sealed class TorchSetup
{
    [OneTimeSetUp]
    public void LoadTorch() => TorchRuntime.EnsureLoaded();
}
