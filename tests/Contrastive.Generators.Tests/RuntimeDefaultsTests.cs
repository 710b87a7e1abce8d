using System.Reflection;
using System.Runtime.Loader;
using Contrastive.Augment;
using Contrastive.Training;

namespace Contrastive.Generators.Tests;

/// <summary>
/// The generator writes defaults out in full so users see them, read from the definitions
/// (Definitions.Augment/Training.cs); they must be the runtime records' own defaults (C# parameter
/// defaults, which must be constants), or a spec that leaves a key out would silently train
/// differently from the docs.
/// </summary>
public sealed class RuntimeDefaultsTests
{
    private const string MinimalSpec = """
        model: Minimal
        method: simclr
        input: [1, 28, 28]
        encoder: [flatten, { linear: 8 }]
        augment: [horizontal-flip, random-resized-crop, color-jitter, gaussian-blur, gaussian-noise, random-erasing, rotate90]
        """;

    [Test]
    public void OmittedTrainKeysTakeTheRuntimeDefaults()
    {
        var options = CreateOptions(MinimalSpec);
        var train = (TrainOptions)options.GetType().GetProperty("Train")!.GetValue(options)!;
        Assert.That(train, Is.EqualTo(new TrainOptions()));
    }

    [Test]
    public void OmittedAugmentSettingsTakeTheRuntimeDefaults()
    {
        var options = CreateOptions(MinimalSpec);
        var augment = (ViewPipeline)options.GetType().GetProperty("Augment")!.GetValue(options)!;
        var expected = new ViewPipeline(new AugmentStep[]
        {
            new HorizontalFlip(), new RandomResizedCrop(), new ColorJitter(), new GaussianBlur(), new GaussianNoise(), new RandomErasing(), new Rotate90(),
        });
        Assert.That(augment, Is.EqualTo(expected));
    }

    [Test]
    public void OmittedObjectiveTakesSimClrsDocumentedTemperature()
    {
        var options = CreateOptions(MinimalSpec);
        var objective = (Contrastive.Methods.SimClrSettings)options.GetType().GetProperty("Objective")!.GetValue(options)!;
        Assert.That(objective.Temperature, Is.EqualTo(0.5));
    }

    // Compiles the generated code, loads it beside the already loaded runtime and builds the options record.
    private static object CreateOptions(string spec)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Spec("minimal.model.yaml", spec));
        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.CompileProblems, Is.Empty);

        using var image = new MemoryStream();
        var emitted = outcome.Output.Emit(image);
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
        var type = assembly.GetType("Contrastive.Models.MinimalOptions")!;
        return Activator.CreateInstance(type)!;
    }
}
