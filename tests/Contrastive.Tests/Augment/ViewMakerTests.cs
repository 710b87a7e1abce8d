using Contrastive.Augment;
using Contrastive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Augment;

/// <summary>
/// ViewMaker: shapes and ranges, seeding, each step's effect and the rate at which it fires, the one
/// crop-and-flip pass, the order of the list, the spec's own pipeline, and no leaked tensors.
/// </summary>
[TestFixture]
[NonParallelizable] // libtorch's thread count is global
public sealed class ViewMakerTests : OneLibTorchThread
{
    private static ViewPipeline Pipeline(params AugmentStep[] steps) => new(steps);

    private static Tensor Images(long n, long c, long h, long w, ulong seed, double low = 0.0, double high = 1.0)
    {
        using var generator = new Generator(seed);
        return rand(new long[] { n, c, h, w }, generator: generator) * (high - low) + low;
    }

    /// <summary>[N] booleans: which views differ from their image anywhere by more than <paramref name="tolerance"/>.</summary>
    private static Tensor Changed(Tensor view, Tensor images, double tolerance = 1e-6)
        => (view - images).abs().amax(new long[] { 1, 2, 3 }).gt(tolerance);

    private static long Count(Tensor flags) => flags.sum().item<long>();

    /// <summary>A count of Bernoulli(p) successes out of n lies within four binomial standard deviations of n p.</summary>
    private static void AssertRate(long hits, long n, double p, string what)
    {
        var tolerance = 4 * Math.Sqrt(n * p * (1 - p)) + 1;
        Assert.That((double)hits, Is.EqualTo(n * p).Within(tolerance), $"{what}: {hits} of {n} at p = {p}");
    }

    private static ViewPipeline Everything() => Pipeline(
        new RandomResizedCrop(MinScale: 0.3),
        new HorizontalFlip(),
        new ColorJitter(Brightness: 0.8, Contrast: 0.8, P: 0.9),
        new GaussianBlur(P: 0.5),
        new GaussianNoise(Std: 0.2, P: 0.5),
        new RandomErasing(P: 0.5),
        new Rotate90(P: 0.5));

    [TestCase(ScalarType.Float32, 1)]
    [TestCase(ScalarType.Float32, 3)]
    [TestCase(ScalarType.Float64, 3)]
    public void Every_step_keeps_the_shape_and_dtype_and_the_unit_range(ScalarType dtype, int channels)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var images = Images(64, channels, 20, 20, seed: 1).to(dtype);
        var before = images.clone();
        var maker = new ViewMaker(Everything(), channels, 20, 20);

        var (first, second) = maker.MakeTwoViews(images, generator);

        Assert.Multiple(() =>
        {
            foreach (var view in new[] { first, second })
            {
                Assert.That(view.shape, Is.EqualTo(new long[] { 64, channels, 20, 20 }));
                Assert.That(view.dtype, Is.EqualTo(dtype));
                Assert.That(view.requires_grad, Is.False);
                Assert.That(view.min().to(ScalarType.Float64).item<double>(), Is.GreaterThanOrEqualTo(0.0));
                Assert.That(view.max().to(ScalarType.Float64).item<double>(), Is.LessThanOrEqualTo(1.0));
            }

            Assert.That(first.Equals(second), Is.False, "the two views draw separately");
            Assert.That(images.Equals(before), Is.True, "the input is not modified");
        });
    }

    [Test]
    public void The_identity_pipeline_and_steps_that_never_fire_return_a_copy_of_the_input()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var images = Images(8, 3, 10, 12, seed: 2);
        var never = Pipeline(new HorizontalFlip(0), new ColorJitter(P: 0), new GaussianBlur(P: 0), new GaussianNoise(Std: 0), new RandomErasing(P: 0));

        foreach (var pipeline in new[] { ViewPipeline.Identity, never })
        {
            var view = new ViewMaker(pipeline, 3, 10, 12).MakeView(images, generator);
            Assert.That(view.Equals(images), Is.True, pipeline.ToString());
            view.fill_(0.5);
            Assert.That(images.Equals(view), Is.False, "a copy, not the input itself");
        }
    }

    [Test]
    public void The_same_seed_gives_identical_views_and_another_seed_different_ones()
    {
        using var scope = NewDisposeScope();
        var images = Images(32, 3, 16, 16, seed: 4);
        var maker = new ViewMaker(Everything(), 3, 16, 16);

        (Tensor, Tensor) Views(ulong seed)
        {
            using var generator = new Generator(seed);
            return maker.MakeTwoViews(images, generator);
        }

        var (a1, a2) = Views(10);
        var (b1, b2) = Views(10);
        var (c1, _) = Views(11);
        Assert.Multiple(() =>
        {
            Assert.That(b1.Equals(a1) && b2.Equals(a2), Is.True, "bit-identical for one seed");
            Assert.That(c1.Equals(a1), Is.False, "the seed reaches the draws");
        });
    }

    [Test]
    public void Two_threads_give_the_same_views_as_one()
    {
        using var scope = NewDisposeScope();
        var images = Images(64, 3, 20, 20, seed: 26);                            // large enough for parallel kernels
        var maker = new ViewMaker(Everything(), 3, 20, 20);

        Tensor View(int threads)
        {
            set_num_threads(threads);
            using var generator = new Generator(27);
            return maker.MakeView(images, generator);
        }

        var one = View(1);
        var two = View(2);
        set_num_threads(1);
        Assert.That(two.Equals(one), Is.True);
    }

    [Test]
    public void Views_do_not_touch_the_global_generator()
    {
        using var scope = NewDisposeScope();
        var images = Images(16, 1, 12, 12, seed: 5);
        var maker = new ViewMaker(Everything(), 1, 12, 12);
        manual_seed(99);
        var expected = rand(8);
        manual_seed(99);
        using (var generator = new Generator(1))
        {
            maker.MakeTwoViews(images, generator);
        }

        Assert.That(rand(8).Equals(expected), Is.True);
    }

    [TestCase(0.3)]
    [TestCase(0.5)]
    public void A_flip_alone_mirrors_images_exactly_at_rate_p(double p)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        const long n = 2000;
        var images = Images(n, 1, 8, 8, seed: 6);   // random pixels: no image is its own mirror
        var view = new ViewMaker(Pipeline(new HorizontalFlip(p)), 1, 8, 8).MakeView(images, generator);

        var flipped = Changed(view, images);
        var mirrored = (view - images.flip(3)).abs().amax(new long[] { 1, 2, 3 }).eq(0);
        Assert.Multiple(() =>
        {
            Assert.That(flipped.Equals(mirrored), Is.True, "every changed view is the exact mirror");
            AssertRate(Count(flipped), n, p, "flips");
        });
    }

    [Test]
    public void A_full_crop_without_a_flip_returns_the_input()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var square = Images(16, 3, 28, 28, seed: 7);
        var wide = Images(16, 2, 20, 30, seed: 8);

        var squareView = new ViewMaker(Pipeline(new RandomResizedCrop(1, 1, 1, 1)), 3, 28, 28).MakeView(square, generator);
        var wideView = new ViewMaker(Pipeline(new RandomResizedCrop(1, 1, 1.5, 1.5)), 2, 20, 30).MakeView(wide, generator);

        Assert.Multiple(() =>
        {
            Assert.That((squareView - square).abs().max().item<float>(), Is.LessThan(1e-5f));
            Assert.That((wideView - wide).abs().max().item<float>(), Is.LessThan(1e-5f), "aspect ratio 3:2 fills a 20 x 30 image");
        });
    }

    [Test]
    public void A_full_crop_with_a_flip_is_one_pass_that_mirrors_at_rate_p()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        const long n = 1000;
        var images = Images(n, 1, 16, 16, seed: 9);
        var view = new ViewMaker(Pipeline(new HorizontalFlip(0.25), new RandomResizedCrop(1, 1, 1, 1)), 1, 16, 16).MakeView(images, generator);

        var same = Changed(view, images, 1e-5).logical_not();
        var mirrored = Changed(view, images.flip(3), 1e-5).logical_not();
        Assert.Multiple(() =>
        {
            Assert.That(Count(same.logical_xor(mirrored)), Is.EqualTo(n), "each view is the image or its mirror");
            AssertRate(Count(mirrored), n, 0.25, "flips");
        });
    }

    [Test]
    public void A_crop_samples_the_region_its_matrix_describes()
    {
        using var scope = NewDisposeScope();
        const long n = 200, h = 24, w = 32;
        // Channel 0 encodes each pixel's x (its centre over the width), channel 1 its y.
        var xs = arange(w, dtype: ScalarType.Float32).add(0.5).div(w).view(1, 1, 1, w).expand(n, 1, h, w);
        var ys = arange(h, dtype: ScalarType.Float32).add(0.5).div(h).view(1, 1, h, 1).expand(n, 1, h, w);
        var images = cat(new[] { xs, ys }, 1).contiguous();                          // [N, 2, H, W]
        var maker = new ViewMaker(Pipeline(new RandomResizedCrop(MinScale: 0.1, MaxScale: 0.6, MinRatio: 0.5, MaxRatio: 2)), 2, h, w);

        Tensor theta, view;
        using (var generator = new Generator(12))
        {
            theta = maker.CropPass!.Theta(n, generator);                               // [N, 2, 3], the crop's own draws
        }

        using (var generator = new Generator(12))
        {
            view = maker.MakeView(images, generator).to(ScalarType.Float64);
        }

        // In [0, 1] units the crop spans centre +- half size: x in (tx + 1 -+ sx) / 2, likewise y.
        var halfX = theta[.., 0, 0].abs() / 2;
        var centreX = (theta[.., 0, 2] + 1) / 2;
        var halfY = theta[.., 1, 1].abs() / 2;
        var centreY = (theta[.., 1, 2] + 1) / 2;
        Assert.Multiple(() =>
        {
            CheckAxis(view[.., 0], centreX - halfX, centreX + halfX, w, "x");
            CheckAxis(view[.., 1], centreY - halfY, centreY + halfY, h, "y");
            Assert.That((theta[.., 0, 0] * theta[.., 1, 1] * (h * w)).mean().item<double>(), Is.InRange(0.1 * h * w, 0.6 * h * w), "mean crop area");
        });

        static void CheckAxis(Tensor values, Tensor low, Tensor high, long size, string axis)
        {
            var min = values.amin(new long[] { 1, 2 });
            var max = values.amax(new long[] { 1, 2 });
            const double eps = 1e-5;
            Assert.That(Count(min.lt(low - eps)), Is.Zero, $"{axis}: a view samples left of its crop");
            Assert.That(Count(max.gt(high + eps)), Is.Zero, $"{axis}: a view samples right of its crop");
            // Output pixel centres reach within half an output pixel of each crop edge (the border
            // clamp at the image edge can cost up to half an input pixel more).
            var reach = (high - low) * (1 - 1.0 / size) - 1.0 / size - eps;
            Assert.That(Count((max - min).lt(reach)), Is.Zero, $"{axis}: a view covers less than its crop");
        }
    }

    [Test]
    public void A_crop_with_a_flip_reverses_the_x_order()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(13);
        var ramp = arange(16, dtype: ScalarType.Float32).div(16).view(1, 1, 1, 16).expand(50, 1, 16, 16).contiguous();
        var view = new ViewMaker(Pipeline(new RandomResizedCrop(MinScale: 0.5), new HorizontalFlip(1)), 1, 16, 16).MakeView(ramp, generator);
        Assert.That(Count(view[.., 0, 0, 0].gt(view[.., 0, 0, -1])), Is.EqualTo(50));
    }

    [Test]
    public void Color_jitter_fires_at_rate_p_and_is_brightness_times_contrast_per_image()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(14);
        const long n = 1000;
        var images = Images(n, 3, 6, 6, seed: 14, low: 0.35, high: 0.65);   // jitter up to 1.4x stays inside [0, 1]
        var view = new ViewMaker(Pipeline(new ColorJitter(Brightness: 0.4, Contrast: 0.4, P: 0.7)), 3, 6, 6).MakeView(images, generator);

        var jittered = Changed(view, images);
        // Without clamping, both orders give a * x + b per image: a least-squares line fits every pixel.
        var x = images.flatten(1).to(ScalarType.Float64);                       // [N, P]
        var y = view.flatten(1).to(ScalarType.Float64);
        var dx = x - x.mean(new long[] { 1 }, keepdim: true);
        var dy = y - y.mean(new long[] { 1 }, keepdim: true);
        var slope = (dx * dy).sum(1, keepdim: true) / dx.square().sum(1, keepdim: true);   // [N, 1]
        var residual = (dy - slope * dx).abs().max().item<double>();
        Assert.Multiple(() =>
        {
            AssertRate(Count(jittered), n, 0.7, "jittered images");
            Assert.That(residual, Is.LessThan(1e-5), "affine in the pixel values");
            Assert.That(slope.min().item<double>(), Is.GreaterThan(0.6 * 0.6 - 1e-4));
            Assert.That(slope.max().item<double>(), Is.LessThan(1.4 * 1.4 + 1e-4));
        });
    }

    [Test]
    public void Brightness_alone_scales_and_contrast_alone_keeps_the_mean()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(15);
        var images = Images(200, 1, 8, 8, seed: 15, low: 0.35, high: 0.65);
        var brighter = new ViewMaker(Pipeline(new ColorJitter(Brightness: 0.4, Contrast: 0, P: 1)), 1, 8, 8).MakeView(images, generator);
        var contrasted = new ViewMaker(Pipeline(new ColorJitter(Brightness: 0, Contrast: 0.4, P: 1)), 1, 8, 8).MakeView(images, generator);

        var factor = brighter / images;                                          // one factor per image
        Assert.Multiple(() =>
        {
            Assert.That((factor - factor.amin(new long[] { 1, 2, 3 }, keepdim: true)).abs().max().item<float>(), Is.LessThan(1e-5f));
            Assert.That(factor.min().item<float>(), Is.GreaterThanOrEqualTo(0.6f - 1e-6f));
            Assert.That(factor.max().item<float>(), Is.LessThanOrEqualTo(1.4f + 1e-6f));
            Assert.That((contrasted.mean(new long[] { 1, 2, 3 }) - images.mean(new long[] { 1, 2, 3 })).abs().max().item<float>(), Is.LessThan(1e-5f));
            Assert.That(Count(Changed(contrasted, images)), Is.EqualTo(200));
        });
    }

    [Test]
    public void Blur_fires_at_rate_p_keeps_a_constant_image_and_reduces_the_variance_of_noise()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(16);
        const long n = 1000;
        var noise = Images(n, 2, 12, 12, seed: 16);
        var constant = full(new long[] { 20, 3, 12, 12 }, 0.37f);

        var blurred = new ViewMaker(Pipeline(new GaussianBlur(MinSigma: 0.5, MaxSigma: 2, P: 0.4)), 2, 12, 12).MakeView(noise, generator);
        var always = new ViewMaker(Pipeline(new GaussianBlur(MinSigma: 0.5, MaxSigma: 2, P: 1)), 2, 12, 12).MakeView(noise, generator);
        var flat = new ViewMaker(Pipeline(new GaussianBlur(MinSigma: 1, MaxSigma: 3, P: 1)), 3, 12, 12).MakeView(constant, generator);

        var before = noise.flatten(1).var(1);
        var after = always.flatten(1).var(1);
        Assert.Multiple(() =>
        {
            AssertRate(Count(Changed(blurred, noise)), n, 0.4, "blurred images");
            Assert.That(Count(after.lt(before)), Is.EqualTo(n), "every blurred noise image has a smaller variance");
            Assert.That((flat - 0.37f).abs().max().item<float>(), Is.LessThan(1e-6f), "a constant image stays constant");
        });
    }

    [Test]
    public void Blur_works_when_the_kernel_would_be_larger_than_the_image()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var images = Images(4, 1, 5, 7, seed: 17);
        var view = new ViewMaker(Pipeline(new GaussianBlur(MinSigma: 5, MaxSigma: 5, P: 1)), 1, 5, 7).MakeView(images, generator);
        Assert.Multiple(() =>
        {
            Assert.That(view.shape, Is.EqualTo(images.shape));
            Assert.That((view.mean() - images.mean()).abs().item<float>(), Is.LessThan(0.05f));
            Assert.That(view.flatten(1).var(1).max().item<float>(), Is.LessThan(images.flatten(1).var(1).min().item<float>()));
        });
    }

    [Test]
    public void Noise_fires_at_rate_p_with_its_standard_deviation()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(18);
        const long n = 1000;
        var images = full(new long[] { n, 1, 10, 10 }, 0.5f);
        var view = new ViewMaker(Pipeline(new GaussianNoise(Std: 0.05, P: 0.3)), 1, 10, 10).MakeView(images, generator);

        var noisy = Changed(view, images);
        var difference = (view - images).flatten(1)[noisy];                    // the noisy images' pixels
        Assert.Multiple(() =>
        {
            AssertRate(Count(noisy), n, 0.3, "noisy images");
            Assert.That(difference.std().item<float>(), Is.EqualTo(0.05f).Within(0.002f));
            Assert.That(difference.mean().item<float>(), Is.EqualTo(0f).Within(0.002f));
        });
    }

    [Test]
    public void Erasing_fires_at_rate_p_and_zeroes_one_rectangle_of_the_drawn_size()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(19);
        const long n = 1000, side = 32;
        const double minScale = 0.1, maxScale = 0.2;
        var images = Images(n, 2, side, side, seed: 19, low: 0.1);              // no zero pixels of their own
        var view = new ViewMaker(Pipeline(new RandomErasing(P: 0.6, MinScale: minScale, MaxScale: maxScale)), 2, side, side).MakeView(images, generator);

        var zero = view.eq(0);                                                   // [N, 2, H, W]
        var erased = zero.flatten(1).any(1);
        var rows = zero.any(3).any(1);                                           // [N, H]
        var cols = zero.any(2).any(1);                                           // [N, W]
        var index = arange(side, dtype: ScalarType.Int64);
        var height = rows.sum(1);
        var width = cols.sum(1);
        var span = (index * rows).amax(1) - (index + side * rows.logical_not()).amin(1) + 1;   // last - first erased row + 1
        var zerosPerChannel = zero[.., 0].flatten(1).sum(1);

        // Rounding the sides to whole pixels moves the area by at most half a pixel per side.
        var slack = 0.5 * Math.Sqrt(maxScale * side * side) * (Math.Sqrt(3.3) + 1 / Math.Sqrt(3.3)) + 0.25;
        Assert.Multiple(() =>
        {
            AssertRate(Count(erased), n, 0.6, "erased images");
            Assert.That(zero[.., 0].Equals(zero[.., 1]), Is.True, "every channel erased alike");
            Assert.That(zerosPerChannel.Equals(height * width), Is.True, "the zeros form a full rectangle");
            Assert.That(span[erased].Equals(height[erased]), Is.True, "one block of rows");
            Assert.That(zerosPerChannel[erased].min().item<long>(), Is.GreaterThanOrEqualTo((long)(minScale * side * side - slack)));
            Assert.That(zerosPerChannel[erased].max().item<long>(), Is.LessThanOrEqualTo((long)(maxScale * side * side + slack)));
        });
    }

    [Test]
    public void Rotation_fires_at_rate_p_by_one_two_or_three_quarter_turns()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20);
        const long n = 1500;
        var images = Images(n, 2, 9, 9, seed: 20);
        var view = new ViewMaker(Pipeline(new Rotate90(P: 0.6)), 2, 9, 9).MakeView(images, generator);

        var matches = Enumerable.Range(0, 4).Select(k => Changed(view, Rotations.Rotate(images, k), 0).logical_not()).ToArray();
        var exactlyOne = matches.Aggregate(zeros(n, dtype: ScalarType.Int64), (sum, m) => sum + m.to(ScalarType.Int64));
        Assert.Multiple(() =>
        {
            Assert.That(Count(exactlyOne.eq(1)), Is.EqualTo(n), "each view is exactly one rotation of its image");
            AssertRate(Count(matches[0]), n, 0.4, "unrotated images");
            for (var k = 1; k < 4; k++)
            {
                AssertRate(Count(matches[k]), n, 0.6 / 3, $"{k} quarter turns");
            }
        });
    }

    [Test]
    public void Steps_run_in_the_order_of_the_list()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(21);
        const long side = 32;
        var images = full(new long[] { 100, 1, side, side }, 0.5f);
        var erasing = new RandomErasing(P: 1, MinScale: 0.3, MaxScale: 0.3);   // about 307 pixels
        var noise = new GaussianNoise(Std: 0.15, P: 1);

        var erasedLast = new ViewMaker(Pipeline(noise, erasing), 1, side, side).MakeView(images, generator);
        var erasedFirst = new ViewMaker(Pipeline(erasing, noise), 1, side, side).MakeView(images, generator);

        // Erased last: a rectangle of exact zeros of about 307 pixels, give or take 21 for rounding
        // (noise of std 0.15 takes 0.5 to 0 once in 2,000). Erased first: noise lifts about half of
        // those zeros above 0 again.
        var zerosLast = ZeroCount(erasedLast);
        var zerosFirst = ZeroCount(erasedFirst);
        Assert.Multiple(() =>
        {
            Assert.That(zerosLast.min().item<long>(), Is.GreaterThanOrEqualTo(280));
            Assert.That(zerosFirst.max().item<long>(), Is.LessThan(240));
        });

        static Tensor ZeroCount(Tensor view) => view.eq(0).flatten(1).sum(1);
    }

    [Test]
    public void The_SimClrFashion_pipeline_makes_seeded_views_of_a_256_image_batch()
    {
        using var scope = NewDisposeScope();
        var pipeline = new SimClrFashionOptions().Augment;
        var maker = new ViewMaker(pipeline, SimClrFashion.InputChannels, SimClrFashion.InputHeight, SimClrFashion.InputWidth);
        var images = Images(256, 1, 28, 28, seed: 22);

        (Tensor, Tensor) Views()
        {
            using var generator = new Generator(1);
            return maker.MakeTwoViews(images, generator);
        }

        var (first, second) = Views();
        var (again, _) = Views();
        Assert.Multiple(() =>
        {
            Assert.That(first.shape, Is.EqualTo(new long[] { 256, 1, 28, 28 }));
            Assert.That(second.shape, Is.EqualTo(new long[] { 256, 1, 28, 28 }));
            Assert.That(first.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(first.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(again.Equals(first), Is.True, "seeded");
            Assert.That(Count(Changed(first, second)), Is.EqualTo(256), "two different views of every image");
        });
    }

    [Test]
    public void Many_calls_in_dispose_scopes_leave_no_live_tensors_behind()
    {
        using var generator = new Generator(23);
        using var outer = NewDisposeScope();
        var images = Images(16, 1, 12, 12, seed: 23);                             // small: the count matters, not the size
        var maker = new ViewMaker(Everything(), 1, 12, 12);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var totalBefore = Tensor.TotalCount;

        for (var call = 0; call < 200; call++)
        {
            using (NewDisposeScope())
            {
                var (first, second) = maker.MakeTwoViews(images, generator);
                _ = (first + second).sum().item<float>();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(liveBefore), "scope-tracked tensors");
            Assert.That(Tensor.TotalCount, Is.EqualTo(totalBefore), "all live tensors");
        });
    }

    [Test]
    public void A_view_made_outside_any_scope_belongs_to_the_caller()
    {
        using var generator = new Generator(24);
        using var images = rand(new long[] { 4, 1, 8, 8 }, generator: generator);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var totalBefore = Tensor.TotalCount;
        using (var view = new ViewMaker(Everything(), 1, 8, 8).MakeView(images, generator))
        {
            Assert.That(Tensor.TotalCount, Is.EqualTo(totalBefore + 1), "only the view is left alive");
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(totalBefore));
    }

    [Test]
    public void Constructor_refuses_what_it_cannot_do_and_says_why()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ViewMaker(Pipeline(new Rotate90()), 1, 28, 32),
                Throws.ArgumentException.With.Message.Contains("needs square images").And.Message.Contains("28 x 32"));
            Assert.That(() => new ViewMaker(Pipeline(new Rotate90(P: 0)), 1, 28, 32), Throws.Nothing, "a rotation that never fires");
            Assert.That(() => new ViewMaker(Pipeline(new RandomResizedCrop(), new HorizontalFlip(), new RandomResizedCrop()), 1, 8, 8),
                Throws.ArgumentException.With.Message.Contains("2 RandomResizedCrop steps"));
            Assert.That(() => new ViewMaker(Pipeline(new HorizontalFlip(), new HorizontalFlip()), 1, 8, 8),
                Throws.ArgumentException.With.Message.Contains("2 HorizontalFlip steps"));
            Assert.That(() => new ViewMaker(ViewPipeline.Identity, 0, 8, 8), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("channels"));
            Assert.That(() => new ViewMaker(Pipeline(new RandomResizedCrop() with { MinScale = 0.9, MaxScale = 0.5 }), 1, 8, 8),
                Throws.ArgumentException.With.Message.Contains("MinScale (0.9) must not exceed"));
        });
    }

    [Test]
    public void MakeView_refuses_batches_of_another_shape_or_dtype()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(25);
        var maker = new ViewMaker(ViewPipeline.Identity, 1, 28, 28);
        Assert.Multiple(() =>
        {
            Assert.That(() => maker.MakeView(zeros(4, 3, 28, 28), generator),
                Throws.ArgumentException.With.Message.Contains("[1, 28, 28]").And.Message.Contains("[4, 3, 28, 28]"));
            Assert.That(() => maker.MakeView(zeros(28, 28), generator), Throws.ArgumentException.With.Message.Contains("[28, 28]"));
            Assert.That(() => maker.MakeView(zeros(new long[] { 2, 1, 28, 28 }, dtype: ScalarType.Byte), generator),
                Throws.ArgumentException.With.Message.Contains("Byte"));
            Assert.That(() => maker.MakeView(zeros(2, 1, 28, 28), null!), Throws.ArgumentNullException);
            Assert.That(maker.MakeView(zeros(0, 1, 28, 28), generator).shape, Is.EqualTo(new long[] { 0, 1, 28, 28 }));
        });
    }
}
