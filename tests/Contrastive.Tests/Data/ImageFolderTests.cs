using Contrastive.Data;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class ImageFolderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    /// <summary>Writes an image of <paramref name="width"/> x <paramref name="height"/> whose column x has colour <paramref name="column"/>(x).</summary>
    private string Image(string name, int width, int height, Func<int, SKColor> column)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                bitmap.SetPixel(x, y, column(x));
            }
        }

        var format = name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 95);
        return _folder.Write(name, data.ToArray());
    }

    private string Solid(string name, SKColor color, int width = 12, int height = 9) => Image(name, width, height, _ => color);

    [Test]
    public void One_sub_folder_per_class_gives_labels_in_folder_name_order()
    {
        Solid("dog/b.png", new SKColor(255, 0, 0));
        Solid("cat/z.png", new SKColor(0, 255, 0));
        Solid("cat/a.PNG", new SKColor(0, 0, 255));
        Solid("dog/a.jpg", new SKColor(200, 100, 50));
        _folder.Write("dog/notes.txt", "not an image"u8.ToArray());
        using var scope = NewDisposeScope();

        using var data = ImageFolder.Load(_folder.Path, height: 8, width: 8);

        Assert.Multiple(() =>
        {
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "cat", "dog" }));
            Assert.That(data.Images.shape, Is.EqualTo(new long[] { 4, 3, 8, 8 }));
            Assert.That(data.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0, 1, 1 }));
            // cat/a.PNG (blue), cat/z.png (green), dog/a.jpg (orange, lossy), dog/b.png (red): ordinal order within each class.
            Assert.That(Pixel(data, 0), Is.EqualTo((0, 0, 255)));
            Assert.That(Pixel(data, 1), Is.EqualTo((0, 255, 0)));
            Assert.That(Pixel(data, 3), Is.EqualTo((255, 0, 0)));
            var (r, g, b) = Pixel(data, 2);
            Assert.That(new[] { r - 200, g - 100, b - 50 }.Select(Math.Abs).Max(), Is.LessThanOrEqualTo(4), "JPEG is close to its colour");
            Assert.That(data.Source, Does.Contain("2 classes, 8 x 8 rgb"));
        });
    }

    [Test]
    public void A_flat_folder_is_unlabelled()
    {
        Solid("one.png", SKColors.White);
        Solid("two.jpeg", SKColors.Black);
        using var scope = NewDisposeScope();

        using var data = ImageFolder.Load(_folder.Path, 5, 7, ColorMode.Grayscale, name: "flat");

        Assert.Multiple(() =>
        {
            Assert.That(data.Name, Is.EqualTo("flat"));
            Assert.That(data.ClassCount, Is.Zero);
            Assert.That(data.Images.shape, Is.EqualTo(new long[] { 2, 1, 5, 7 }));
            Assert.That(data.Labels.data<long>().ToArray(), Is.EqualTo(new[] { ImageDataset.Unlabelled, ImageDataset.Unlabelled }));
        });
    }

    [Test]
    public void Grayscale_is_BT601_luma()
    {
        Solid("c/x.png", new SKColor(200, 100, 50));
        using var scope = NewDisposeScope();

        using var data = ImageFolder.Load(_folder.Path, 4, 4, ColorMode.Grayscale);

        // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2
        Assert.That(data.Images.dtype, Is.EqualTo(ScalarType.Byte));
        Assert.That(data.Images.unique().output.data<byte>().ToArray(), Is.EqualTo(new byte[] { 124 }));
    }

    [Test]
    public void A_wide_image_is_scaled_to_the_height_and_cut_around_its_centre()
    {
        // 30 x 10: blue, green, red thirds. At 10 x 10 the scale is 1 and only the green middle remains.
        Image("wide.png", 30, 10, x => x < 10 ? SKColors.Blue : x < 20 ? new SKColor(0, 255, 0) : SKColors.Red);
        using var scope = NewDisposeScope();

        using var data = ImageFolder.Load(_folder.Path, 10, 10);

        var image = data.Images[0];
        Assert.That(image[1].min().item<byte>(), Is.EqualTo(255), "green everywhere");
        Assert.That(image[0].max().item<byte>(), Is.Zero, "no red");
        Assert.That(image[2].max().item<byte>(), Is.Zero, "no blue");
    }

    [Test]
    public void A_small_image_is_scaled_up_to_cover_the_size()
    {
        // 4 x 2 with a left (black) and right (white) half, to 8 x 8: scale 4, 16 x 8 cut to its middle 8 columns.
        Image("small.png", 4, 2, x => x < 2 ? SKColors.Black : SKColors.White);
        using var scope = NewDisposeScope();

        using var data = ImageFolder.Load(_folder.Path, 8, 8, ColorMode.Grayscale);

        var row = data.Images[0, 0, 4].data<byte>().ToArray();
        Assert.That(row, Has.Length.EqualTo(8));
        Assert.That(row[0], Is.LessThan(64), "dark on the left");
        Assert.That(row[^1], Is.GreaterThan(191), "bright on the right");
        Assert.That(row, Is.Ordered, "a ramp from the black half to the white half");
    }

    [Test]
    public void A_file_that_is_not_an_image_is_named()
    {
        Solid("ok.png", SKColors.Red);
        var broken = _folder.Write("broken.png", "<html>not a png</html>"u8.ToArray());

        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(_folder.Path, 4, 4))!;
        Assert.That(error.Message, Does.StartWith(broken).And.Contain("not a PNG or JPEG image SkiaSharp can decode"));
    }

    [Test]
    public void A_cut_off_png_is_named()
    {
        var path = Image("cut.png", 64, 64, x => new SKColor((byte)(x * 4), (byte)(255 - x * 4), 0));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(_folder.Path, 4, 4))!;
        Assert.That(error.Message, Does.StartWith(path));
    }

    [Test]
    public void Image_files_beside_class_folders_are_refused()
    {
        Solid("stray.png", SKColors.Red);
        Solid("cat/a.png", SKColors.Red);

        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(_folder.Path, 4, 4))!;
        Assert.That(error.Message, Does.Contain("holds both image files (1) and sub-folders (cat)"));
    }

    [Test]
    public void An_empty_class_folder_and_an_empty_folder_are_refused()
    {
        Directory.CreateDirectory(_folder.File("empty"));
        Assert.That(() => ImageFolder.Load(_folder.File("empty"), 4, 4),
            Throws.TypeOf<DataFormatException>().With.Message.Contains("no PNG or JPEG images"));

        Solid("cat/a.png", SKColors.Red);
        Directory.CreateDirectory(_folder.File("dog"));
        Assert.That(() => ImageFolder.Load(_folder.Path, 4, 4),
            Throws.TypeOf<DataFormatException>().With.Message.StartsWith(_folder.File("dog")).And.Message.Contains("class folder without PNG or JPEG images"));

        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(_folder.File("nowhere"), 4, 4));
    }

    private static (int R, int G, int B) Pixel(ImageDataset data, int index)
    {
        using var scope = NewDisposeScope();
        var centre = data.Images[index, TensorIndex.Colon, 4, 4].data<byte>().ToArray();
        return (centre[0], centre[1], centre[2]);
    }
}
