using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class Cifar10Tests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    /// <summary>Records whose red plane is all (label * 10), green (label * 10 + 1), blue (first + 2), after the given labels.</summary>
    internal static byte[] Records(params byte[] labels)
    {
        var bytes = new byte[labels.Length * Cifar10.RecordBytes];
        for (var i = 0; i < labels.Length; i++)
        {
            var record = bytes.AsSpan(i * Cifar10.RecordBytes, Cifar10.RecordBytes);
            record[0] = labels[i];
            record.Slice(1, 1024).Fill((byte)(labels[i] * 10));
            record.Slice(1025, 1024).Fill((byte)(labels[i] * 10 + 1));
            record.Slice(2049, 1024).Fill((byte)(i + 2));
        }

        return bytes;
    }

    [Test]
    public void Training_batches_are_read_in_numeric_order_with_planes_as_channels()
    {
        _folder.Write("data_batch_10.bin", Records(9));
        _folder.Write("data_batch_2.bin", Records(3, 4));
        _folder.Write("data_batch_1.bin", Records(1));
        _folder.Write("test_batch.bin", Records(7, 7, 7));
        using var scope = NewDisposeScope();

        using var train = Cifar10.Load(_folder.Path, DataSplit.Train);
        using var test = Cifar10.Load(_folder.Path, DataSplit.Test);

        Assert.Multiple(() =>
        {
            Assert.That(train.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 3, 4, 9 }));
            Assert.That(train.Images.shape, Is.EqualTo(new long[] { 4, 3, 32, 32 }));
            Assert.That(train.Images[1, 0].unique().output.item<byte>(), Is.EqualTo(30), "red plane of the label-3 record");
            Assert.That(train.Images[1, 1].unique().output.item<byte>(), Is.EqualTo(31), "green plane");
            Assert.That(train.Images[1, 2].unique().output.item<byte>(), Is.EqualTo(2), "blue plane: first record of its file");
            Assert.That(train.ClassNames, Is.EqualTo(Cifar10.DefaultClassNames));
            Assert.That(train.Name, Is.EqualTo("cifar10 (train)"));
            Assert.That(test.Count, Is.EqualTo(3));
            Assert.That(test.CountPerClass()[7], Is.EqualTo(3));
        });
    }

    [Test]
    public void Class_names_come_from_batches_meta_txt()
    {
        _folder.Write("test_batch.bin", Records(0));
        File.WriteAllText(_folder.File("batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 10).Select(i => $"c{i}")) + "\n\n");

        using var test = Cifar10.Load(_folder.Path, DataSplit.Test);

        Assert.That(test.ClassNames[9], Is.EqualTo("c9"));
    }

    [Test]
    public void A_file_that_is_not_whole_records_is_named_with_the_counts()
    {
        var path = _folder.Write("data_batch_1.bin", Records(1, 2)[..^100]);

        var error = Assert.Throws<DataFormatException>(() => Cifar10.Load(_folder.Path, DataSplit.Train))!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("6,046 bytes is not a whole number of 3,073-byte records").And.Contain("1 records and 2,973 bytes left over"));
    }

    [Test]
    public void A_label_beyond_nine_is_named_with_its_record()
    {
        var path = _folder.Write("test_batch.bin", Records(1, 2, 10));

        var error = Assert.Throws<DataFormatException>(() => Cifar10.Load(_folder.Path, DataSplit.Test))!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("record 2 has label 10; expected 0 to 9 (10 classes)"));
    }

    [Test]
    public void Missing_files_and_bad_metadata_are_errors()
    {
        Assert.That(() => Cifar10.Load(_folder.Path, DataSplit.Train), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("no data_batch_N.bin"));
        Assert.That(() => Cifar10.Load(_folder.Path, DataSplit.Test), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("no test_batch.bin"));
        _folder.Write("test_batch.bin", Records(0));
        _folder.Write("empty/data_batch_1.bin", Array.Empty<byte>());
        File.WriteAllText(_folder.File("batches.meta.txt"), "a\nb\n");
        Assert.That(() => Cifar10.Load(_folder.Path, DataSplit.Test), Throws.TypeOf<DataFormatException>().With.Message.Contains("lists 2 class name(s); CIFAR-10 has 10"));
        Assert.That(() => Cifar10.Load(_folder.File("empty"), DataSplit.Train), Throws.TypeOf<DataFormatException>().With.Message.Contains("0 bytes is not a whole number"));
    }
}
