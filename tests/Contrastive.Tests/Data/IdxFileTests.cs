using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class IdxFileTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    private string Write(string name, byte[] bytes, bool gzip) => _folder.Write(name, gzip ? TestData.Gzip(bytes) : bytes);

    [TestCase(false)]
    [TestCase(true)]
    public void Reads_raw_and_gzip_files_alike(bool gzip)
    {
        var values = TestData.Pixels(2 * 3 * 4);
        var path = Write("images.idx", TestData.Idx(new[] { 2, 3, 4 }, values), gzip);

        var array = IdxFile.Read(path, rank: 3);

        Assert.Multiple(() =>
        {
            Assert.That(array.Dimensions, Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(array.Values, Is.EqualTo(values));
            Assert.That(IdxFile.ReadHeader(path), Is.EqualTo(new IdxHeader(0x08, new[] { 2, 3, 4 })).Using<IdxHeader>((a, b) => a.Type == b.Type && a.Dimensions.SequenceEqual(b.Dimensions)));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void What_Write_writes_reads_back(bool gzip)
    {
        var values = TestData.Pixels(5 * 2 * 2);
        var path = _folder.File("written.gz");
        using (var stream = File.Create(path))
        {
            IdxFile.Write(stream, new[] { 5, 2, 2 }, values, gzip);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[0] == 0x1f && bytes[1] == 0x8b, Is.EqualTo(gzip), "gzip magic exactly when asked for");
        Assert.That(IdxFile.Read(path, 3).Values, Is.EqualTo(values));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_truncated_file_names_the_file_and_the_counts(bool gzip)
    {
        var full = TestData.Idx(new[] { 2, 3, 3 }, TestData.Pixels(18));
        var path = Write("short-images.idx", full[..^8], gzip);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("truncated").And.Contain("2 x 3 x 3 = 18 values; found 10"));
    }

    [Test]
    public void A_gzip_stream_cut_short_is_a_format_error_not_an_end_of_stream()
    {
        var gzip = TestData.Gzip(TestData.Idx(new[] { 40, 28, 28 }, TestData.Pixels(40 * 28 * 28)));
        var path = _folder.Write("cut.gz", gzip[..(gzip.Length / 2)]);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.StartWith(path).And.Match("truncated|damaged gzip"));
    }

    [Test]
    public void A_gzip_file_with_a_wrong_checksum_is_a_format_error()
    {
        var gzip = TestData.Gzip(TestData.Idx(new[] { 4 }, TestData.Labels(4)));
        gzip[^8] ^= 0xff; // the CRC-32 in the trailer
        var path = _folder.Write("crc.gz", gzip);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1))!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("damaged gzip"));
    }

    [Test]
    public void Bytes_beyond_the_declared_values_are_an_error()
    {
        var path = Write("long.idx", TestData.Idx(new[] { 3 }, TestData.Labels(5)), gzip: false);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1))!;
        Assert.That(error.Message, Does.Contain("declares 3 = 3 values, but 2 more byte(s) follow"));
    }

    [Test]
    public void A_file_that_is_not_idx_says_what_it_starts_with()
    {
        var path = _folder.Write("archive.zip", "PK\u0003\u0004 not idx"u8.ToArray());

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("not an IDX file: it starts with 50 4b; expected 00 00"));
    }

    [TestCase(0x0D, "0x0D (32-bit float)")]
    [TestCase(0x0C, "0x0C (32-bit integer)")]
    [TestCase(0x07, "0x07 (not an IDX type)")]
    public void A_wrong_type_byte_is_named_with_the_expected_one(int type, string found)
    {
        var path = Write("floats.idx", TestData.Idx(new[] { 2 }, new byte[8], (byte)type), gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1))!;
        Assert.That(error.Message, Does.Contain($"type byte is {found}; expected 0x08 (unsigned bytes)"));
    }

    [Test]
    public void A_label_file_read_as_images_names_both_ranks()
    {
        var path = Write("train-labels-idx1-ubyte.gz", TestData.Idx(new[] { 4 }, TestData.Labels(4)), gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.Contain("declares 1 dimension(s) (4); expected 3"));
    }

    [Test]
    public void A_zero_dimension_is_an_error()
    {
        var path = Write("empty.idx", TestData.Idx(new[] { 2, 0, 28 }, Array.Empty<byte>()), gzip: false);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.Contain("IDX dimension 1 is 0; every dimension must be at least 1"));
    }

    [TestCase(3, "too short for an IDX header: 3 byte(s)")]
    [TestCase(10, "truncated IDX header: 3 dimensions need 12 bytes after the magic; found 6")]
    public void A_cut_header_is_an_error(int keep, string message)
    {
        var path = Write("header.idx", TestData.Idx(new[] { 1, 28, 28 }, Array.Empty<byte>())[..keep], gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadHeader(path))!;
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void A_header_that_claims_more_than_an_array_holds_is_refused_before_allocating()
    {
        var path = Write("huge.idx", TestData.Idx(new[] { 100_000, 1000, 1000 }, new byte[16]), gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.Contain("100000 x 1000 x 1000 = 100,000,000,000 values, more than one array can hold"));
    }

    [Test]
    public void A_raw_header_that_claims_more_than_the_file_holds_is_truncated()
    {
        var path = Write("claims.idx", TestData.Idx(new[] { 60_000, 28, 28 }, new byte[100]), gzip: false);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3))!;
        Assert.That(error.Message, Does.Contain("60000 x 28 x 28 = 47,040,000 values; found 100"));
    }

    [Test]
    public void ReadDataset_gives_uint8_images_and_int64_labels()
    {
        using var scope = NewDisposeScope();
        var pixels = TestData.Pixels(6 * 4 * 5);
        var images = Write("images.gz", TestData.Idx(new[] { 6, 4, 5 }, pixels), gzip: true);
        var labels = Write("labels", TestData.Idx(new[] { 6 }, new byte[] { 3, 1, 0, 2, 2, 1 }), gzip: false);

        using var data = IdxFile.ReadDataset(images, labels, "tiny", new[] { "a", "b", "c", "d" });

        Assert.Multiple(() =>
        {
            Assert.That(data.Images.dtype, Is.EqualTo(ScalarType.Byte));
            Assert.That(data.Images.shape, Is.EqualTo(new long[] { 6, 1, 4, 5 }));
            Assert.That(data.Images.data<byte>().ToArray(), Is.EqualTo(pixels));
            Assert.That(data.Labels.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(data.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 3, 1, 0, 2, 2, 1 }));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(data.Source, Does.Contain(images));
        });
    }

    [Test]
    public void ReadDataset_without_class_names_numbers_them_up_to_the_largest_label()
    {
        var images = Write("images", TestData.Idx(new[] { 3, 2, 2 }, TestData.Pixels(12)), gzip: false);
        var labels = Write("labels", TestData.Idx(new[] { 3 }, new byte[] { 0, 4, 1 }), gzip: false);

        using var data = IdxFile.ReadDataset(images, labels, "numbered");

        Assert.That(data.ClassNames, Is.EqualTo(new[] { "0", "1", "2", "3", "4" }));
    }

    [Test]
    public void More_images_than_labels_names_the_label_file_and_both_counts()
    {
        var images = Write("train-images-idx3-ubyte.gz", TestData.Idx(new[] { 4, 2, 2 }, TestData.Pixels(16)), gzip: true);
        var labels = Write("train-labels-idx1-ubyte.gz", TestData.Idx(new[] { 3 }, TestData.Labels(3)), gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadDataset(images, labels, "x", Datasets.FashionMnist.ClassNames))!;
        Assert.That(error.Message, Does.StartWith(labels).And.Contain("holds 3 labels, but train-images-idx3-ubyte.gz holds 4 images"));
    }

    [Test]
    public void A_label_beyond_the_classes_is_named_with_its_index()
    {
        var images = Write("images", TestData.Idx(new[] { 4, 2, 2 }, TestData.Pixels(16)), gzip: false);
        var labels = Write("labels", TestData.Idx(new[] { 4 }, new byte[] { 1, 9, 12, 0 }), gzip: true);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadDataset(images, labels, "x", Datasets.FashionMnist.ClassNames))!;
        Assert.That(error.Message, Does.StartWith(labels).And.Contain("label 12 at index 2 is not a class: expected 0 to 9 (10 classes)"));
    }
}
