using Contrastive.Augment;

namespace Contrastive.Tests.Augment;

/// <summary>Augmentation steps and view pipelines: value equality, and every out-of-range setting refused.</summary>
[TestFixture]
public sealed class ViewPipelineTests
{
    private static ViewPipeline SimClrLike() => new(new AugmentStep[]
    {
        new RandomResizedCrop(MinScale: 0.2),
        new HorizontalFlip(),
        new ColorJitter(Brightness: 0.8, Contrast: 0.8),
        new GaussianBlur(P: 1.0),
    });

    [Test]
    public void Pipelines_with_equal_steps_in_the_same_order_are_equal()
    {
        var list = new List<AugmentStep> { new RandomResizedCrop(MinScale: 0.2), new HorizontalFlip(), new ColorJitter(Brightness: 0.8, Contrast: 0.8), new GaussianBlur(P: 1.0) };
        var fromList = new ViewPipeline(list);
        Assert.Multiple(() =>
        {
            Assert.That(fromList, Is.EqualTo(SimClrLike()));
            Assert.That(fromList.GetHashCode(), Is.EqualTo(SimClrLike().GetHashCode()));
            Assert.That(fromList == SimClrLike(), Is.True);
            Assert.That(new ViewPipeline(list.AsEnumerable().Reverse().ToList()), Is.Not.EqualTo(fromList), "order matters");
            Assert.That(new ViewPipeline(new AugmentStep[] { new HorizontalFlip(0.4) }), Is.Not.EqualTo(new ViewPipeline(new AugmentStep[] { new HorizontalFlip(0.5) })));
            Assert.That(new ViewPipeline(new List<AugmentStep>()), Is.EqualTo(ViewPipeline.Identity));
            Assert.That(ViewPipeline.Identity.Steps, Is.Empty);
        });
    }

    [Test]
    public void The_steps_are_a_copy_of_the_list_passed_in()
    {
        var list = new List<AugmentStep> { new HorizontalFlip() };
        var pipeline = new ViewPipeline(list);
        list.Add(new Rotate90());
        Assert.That(pipeline.Steps, Has.Count.EqualTo(1));
        Assert.That(pipeline.Steps, Is.Not.InstanceOf<AugmentStep[]>(), "not an array a caller could write to");
    }

    [Test]
    public void ToString_lists_the_steps()
    {
        Assert.That(new ViewPipeline(new AugmentStep[] { new HorizontalFlip(0.5), new Rotate90() }).ToString(),
            Is.EqualTo("ViewPipeline { Steps = [HorizontalFlip { P = 0.5 }, Rotate90 { P = 1 }] }"));
    }

    [Test]
    public void Null_steps_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ViewPipeline(null!), Throws.ArgumentNullException);
            Assert.That(() => new ViewPipeline(new AugmentStep[] { new HorizontalFlip(), null! }), Throws.ArgumentException.With.Message.Contains("Steps[1] is null"));
        });
    }

    [Test]
    public void Steps_compare_by_value_and_defaults_are_valid()
    {
        AugmentStep[] defaults = { new RandomResizedCrop(), new HorizontalFlip(), new ColorJitter(), new GaussianBlur(), new GaussianNoise(), new RandomErasing(), new Rotate90() };
        Assert.Multiple(() =>
        {
            Assert.That(new RandomResizedCrop(0.08, 1.0, 0.75, 4.0 / 3.0), Is.EqualTo(new RandomResizedCrop()));
            Assert.That(new GaussianNoise(0.1), Is.Not.EqualTo(new GaussianNoise(0.05)));
            Assert.That((AugmentStep)new HorizontalFlip(1.0), Is.Not.EqualTo(new Rotate90(1.0)), "different steps with the same settings");
            Assert.That(() => new ViewPipeline(defaults).Validate(), Throws.Nothing);
        });
    }

    private static IEnumerable<TestCaseData> OutOfRange()
    {
        static TestCaseData Case(string name, Func<AugmentStep> create, string setting, string range)
            => new TestCaseData(new Action(() => create()), setting, range).SetName($"{{m}}({name})");

        yield return Case("flip p > 1", () => new HorizontalFlip(1.5), "P", "[0, 1]");
        yield return Case("flip p < 0", () => new HorizontalFlip(-0.1), "P", "[0, 1]");
        yield return Case("flip p NaN", () => new HorizontalFlip(double.NaN), "P", "[0, 1]");
        yield return Case("rotate p", () => new Rotate90(2), "P", "[0, 1]");
        yield return Case("jitter p", () => new ColorJitter(P: 1.1), "P", "[0, 1]");
        yield return Case("jitter brightness", () => new ColorJitter(Brightness: -0.1), "Brightness", "[0, 1]");
        yield return Case("jitter contrast", () => new ColorJitter(Contrast: double.PositiveInfinity), "Contrast", "[0, 1]");
        yield return Case("crop min scale 0", () => new RandomResizedCrop(MinScale: 0.0), "MinScale", "(0, 1]");
        yield return Case("crop max scale > 1", () => new RandomResizedCrop(MaxScale: 1.2), "MaxScale", "(0, 1]");
        yield return Case("crop ratio 0", () => new RandomResizedCrop(MinRatio: 0.0), "MinRatio", "(0, 100]");
        yield return Case("crop ratio 150 (a spec's limit too)", () => new RandomResizedCrop(MaxRatio: 150), "MaxRatio", "(0, 100]");
        yield return Case("jitter brightness 1.5 (a spec's limit too)", () => new ColorJitter(Brightness: 1.5), "Brightness", "[0, 1]");
        yield return Case("blur sigma 0", () => new GaussianBlur(MinSigma: 0.0), "MinSigma", "(0, 100]");
        yield return Case("blur p", () => new GaussianBlur(P: -1), "P", "[0, 1]");
        yield return Case("noise std", () => new GaussianNoise(Std: -0.01), "Std", "[0, 100]");
        yield return Case("noise p", () => new GaussianNoise(P: 3), "P", "[0, 1]");
        yield return Case("erasing p", () => new RandomErasing(P: 1.01), "P", "[0, 1]");
        yield return Case("erasing max scale", () => new RandomErasing(MaxScale: 0.0), "MaxScale", "(0, 1]");
        yield return Case("with", () => new HorizontalFlip() with { P = 7 }, "P", "[0, 1]");
        yield return Case("initializer", () => new GaussianNoise { Std = -1 }, "Std", "[0, 100]");
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void Out_of_range_settings_are_refused_with_the_setting_and_range_named(Action create, string setting, string range)
    {
        Assert.That(create, Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo(setting)
            .And.Message.Contains(setting).And.Message.Contains(range));
    }

    private static IEnumerable<TestCaseData> Unordered()
    {
        yield return new TestCaseData(new Action(() => _ = new RandomResizedCrop(MinScale: 0.6, MaxScale: 0.5)), "MinScale (0.6) must not exceed RandomResizedCrop.MaxScale (0.5)");
        yield return new TestCaseData(new Action(() => _ = new RandomResizedCrop(MinRatio: 2, MaxRatio: 1)), "MinRatio (2) must not exceed RandomResizedCrop.MaxRatio (1)");
        yield return new TestCaseData(new Action(() => _ = new GaussianBlur(MinSigma: 3, MaxSigma: 2)), "MinSigma (3) must not exceed GaussianBlur.MaxSigma (2)");
        yield return new TestCaseData(new Action(() => _ = new RandomErasing(MinScale: 0.5, MaxScale: 0.4)), "MinScale (0.5) must not exceed RandomErasing.MaxScale (0.4)");
    }

    [TestCaseSource(nameof(Unordered))]
    public void A_minimum_above_its_maximum_is_refused(Action create, string message)
    {
        Assert.That(create, Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void Validate_catches_a_with_expression_that_crosses_the_bounds()
    {
        // Each value is in range on its own, so the with expression succeeds; the ordering is Validate's.
        var crop = new RandomResizedCrop() with { MinScale = 0.9, MaxScale = 0.5 };
        var pipeline = new ViewPipeline(new AugmentStep[] { new HorizontalFlip(), crop });
        Assert.That(pipeline.Validate, Throws.ArgumentException.With.Message.Contains("MinScale (0.9) must not exceed RandomResizedCrop.MaxScale (0.5)"));
    }
}
