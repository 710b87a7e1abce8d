using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>Whether images are read as one grey channel or three colour channels.</summary>
public enum ColorMode
{
    /// <summary>One channel: luma 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), rounded.</summary>
    Grayscale,

    /// <summary>Three channels: red, green, blue.</summary>
    Rgb,
}

/// <summary>
/// A dataset from a folder of PNG and JPEG files (decoded by SkiaSharp). Two layouts: image files
/// directly in the folder (unlabelled), or one sub-folder per class holding that class's images
/// (labels by sub-folder name in ordinal order). Each image is scaled so that it covers the requested
/// size, then cut to it around its centre (resize the shorter side, centre crop); transparent parts
/// come out black, and EXIF orientation is not applied. Files are read in ordinal name order; names
/// starting with '.' are ignored.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = { ".png", ".jpg", ".jpeg" };

    /// <summary>Reads every image under <paramref name="folder"/> at <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="DataFormatException">
    /// The folder mixes image files and class folders, holds no images, has an empty class folder, or an
    /// image cannot be decoded (the message names the file).
    /// </exception>
    public static ImageDataset Load(string folder, int height, int width, ColorMode color = ColorMode.Rgb, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!Enum.IsDefined(color))
        {
            throw new ArgumentOutOfRangeException(nameof(color), color, "expected Grayscale or Rgb.");
        }

        Native.SkiaNativeLibraries.EnsureResolvable();   // decoding uses SkiaSharp, also under dotnet fsi
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no image folder at {folder}.");
        }

        var images = ImagesIn(folder);
        var classes = Directory.GetDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var classNames = new List<string>();
        var files = new List<(string Path, long Label)>();
        if (images.Count > 0 && classes.Count > 0)
        {
            throw new DataFormatException(folder,
                $"holds both image files ({images.Count}) and sub-folders ({string.Join(", ", classes.Select(Path.GetFileName))}); "
                + "use images only (unlabelled) or one sub-folder per class only.");
        }

        if (images.Count > 0)
        {
            files.AddRange(images.Select(f => (f, ImageDataset.Unlabelled)));
        }
        else
        {
            foreach (var classFolder in classes)
            {
                var inClass = ImagesIn(classFolder);
                if (inClass.Count == 0)
                {
                    throw new DataFormatException(classFolder, "class folder without PNG or JPEG images; remove it or add images.");
                }

                files.AddRange(inClass.Select(f => (f, (long)classNames.Count)));
                classNames.Add(Path.GetFileName(classFolder));
            }
        }

        if (files.Count == 0)
        {
            throw new DataFormatException(folder, "no PNG or JPEG images, and no class sub-folders holding them.");
        }

        // Every image as RGBA rows into one buffer; channel order and grey conversion happen once, in torch.
        var frame = height * width * 4;
        var rgba = new byte[(long)files.Count * frame];
        for (var i = 0; i < files.Count; i++)
        {
            Render(files[i].Path, height, width, rgba.AsSpan(i * frame, frame));
        }

        using var scope = NewDisposeScope();
        var hwc = tensor(rgba, new long[] { files.Count, height, width, 4 });
        var rgb = hwc.narrow(3, 0, 3).permute(0, 3, 1, 2);
        var pixels = color == ColorMode.Rgb ? rgb.contiguous() : Luma(rgb);
        var labels = tensor(files.Select(f => f.Label).ToArray());
        return new ImageDataset(
            name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            $"image folder {folder} ({(classNames.Count == 0 ? "unlabelled" : $"{classNames.Count} classes")}, {height} x {width} {color.ToString().ToLowerInvariant()})",
            pixels,
            labels,
            classNames);
    }

    private static List<string> ImagesIn(string folder)
        => Directory.GetFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Decodes <paramref name="path"/>, covers height x width with it around the centre, and writes RGBA into <paramref name="target"/>.</summary>
    private static void Render(string path, int height, int width, Span<byte> target)
    {
        using var codec = SKCodec.Create(path, out var opened)
            ?? throw new DataFormatException(path, $"not a PNG or JPEG image SkiaSharp can decode ({opened}).");
        var decodedInfo = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul);
        using var decoded = new SKBitmap(decodedInfo);
        var result = codec.GetPixels(decodedInfo, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new DataFormatException(path, $"the {codec.EncodedFormat} data cannot be decoded completely ({result}); the file is damaged or cut short.");
        }

        using var image = SKImage.FromBitmap(decoded);
        var scale = Math.Max((double)width / decoded.Width, (double)height / decoded.Height);
        var scaledWidth = (float)(decoded.Width * scale);
        var scaledHeight = (float)(decoded.Height * scale);
        var left = (width - scaledWidth) / 2f;
        var top = (height - scaledHeight) / 2f;

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvasBitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(image, new SKRect(left, top, left + scaledWidth, top + scaledHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        canvasBitmap.GetPixelSpan().CopyTo(target);
    }

    private static Tensor Luma(Tensor rgb)
    {
        // BT.601 weights as a [1, 3, 1, 1] tensor: no implicit Scalars (see "Known issues" in ARCHITECTURE.md).
        var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }).reshape(1, 3, 1, 1);
        return (rgb.to(ScalarType.Float32) * weights).sum(1, keepdim: true).round().clamp_(min: tensor(0f), max: tensor(255f)).to(ScalarType.Byte);
    }
}
