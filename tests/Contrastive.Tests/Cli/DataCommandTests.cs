using System.Security.Cryptography;
using Contrastive.Cli;
using Contrastive.Cli.Commands;
using Contrastive.Data;
using Contrastive.Tests.Data;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

[TestFixture]
public sealed class DataCommandTests
{
    private TempFolder _root = null!;
    private DataLocations _locations = null!;

    [SetUp]
    public void MakeRoots()
    {
        _root = new TempFolder();
        _locations = new DataLocations(null, _root.File("cache"), _root.File("system"), DataLocations.BundledRoot);
    }

    [TearDown]
    public void RemoveRoots() => _root.Dispose();

    private static (int Exit, string Output) Run(DataCommandSetup setup, params string[] args)
    {
        // Interactive with ANSI, like a terminal: only then does Spectre draw progress bars.
        var console = new TestConsole().Width(250).Interactive().SupportsAnsi(true);
        var exit = ContrastiveApp.Create(console, setup).Run(new[] { "data" }.Concat(args).ToArray());
        return (exit, console.Output);
    }

    private (int Exit, string Output) Run(params string[] args) => Run(new DataCommandSetup(_locations, Datasets.IdxFiles), args);

    [Test]
    public void Lists_every_location_what_it_holds_and_the_one_used()
    {
        TestData.WriteMnistLayout(Path.Combine(_locations.Cache, "fashion-mnist"), train: 6, test: 4);

        var (exit, output) = Run();

        Assert.That(exit, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("fashion-mnist: Fashion-MNIST (Zalando Research); 10 classes, 28 x 28 images"));
            Assert.That(output, Does.Contain("1. $CONTRASTIVE_DATA: not set"));
            Assert.That(output, Does.Contain($"2. user cache: ready → used  {Path.Combine(_locations.Cache, "fashion-mnist")}"));
            Assert.That(output, Does.Contain("train 6 x 28 x 28, test 4 x 28 x 28"));
            Assert.That(output, Does.Contain("train-images-idx3-ubyte.gz").And.Contain("[6 x 28 x 28]").And.Contain("[4]"));
            Assert.That(output, Does.Contain($"3. system: missing  {Path.Combine(_locations.System, "fashion-mnist")}"));
            Assert.That(output, Does.Contain("4. bundled subset: ready").And.Contain("train 10,000 x 28 x 28, test 2,000 x 28 x 28"));
            Assert.That(output, Does.Contain($"uses: user cache ({Path.Combine(_locations.Cache, "fashion-mnist")})"));
        });
    }

    [Test]
    public void With_nothing_else_the_bundled_subset_is_used()
    {
        var (exit, output) = Run("--name", "fashion-mnist");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("4. bundled subset: ready → used"));
        Assert.That(output, Does.Contain("uses: bundled subset (").And.Contain("train 10,000 x 28 x 28, test 2,000 x 28 x 28"));
    }

    [Test]
    public void A_dataset_found_nowhere_fails_and_says_where_to_put_it()
    {
        var (exit, output) = Run("--name", "kmnist");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("4. bundled subset: missing").And.Contain("kmnist-subset"));
        Assert.That(output, Does.Contain("error: kmnist: no location has all four files."));
        Assert.That(output, Does.Contain("in a 'kmnist' folder under $CONTRASTIVE_DATA or " + _locations.Cache));
    }

    [Test]
    public void A_damaged_first_location_fails_with_the_reason()
    {
        var folder = Path.Combine(_locations.System, "mnist");
        TestData.WriteMnistLayout(folder, train: 5, test: 5);
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), TestData.Gzip(TestData.Idx(new[] { 5, 28, 28 }, new byte[5 * 28 * 28], type: 0x0D)));

        var (exit, output) = Run("--name", "mnist");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("3. system: damaged → would be used"));
        Assert.That(output, Does.Contain($"error: mnist would be read from system ({folder}), whose files are damaged: "
            + "t10k-images-idx3-ubyte.gz: IDX type byte is 0x0D (32-bit float); expected 0x08 (unsigned bytes)."));
    }

    [Test]
    public void An_unknown_name_lists_the_known_ones()
    {
        var (exit, output) = Run("--name", "cifar");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--name: unknown dataset 'cifar'; known: fashion-mnist, mnist, kmnist, cifar10, correlated-gaussians, synthetic-sequences."));
    }

    [Test]
    public void CIFAR_10_is_looked_up_like_the_others_and_never_downloaded()
    {
        _root.Write("system/cifar10/data_batch_1.bin", Cifar10Tests.Records(1, 2));
        _root.Write("system/cifar10/test_batch.bin", Cifar10Tests.Records(3));

        var (exit, output) = Run("--name", "cifar10");
        var (downloadExit, downloadOutput) = Run("--name", "cifar10", "--download");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("cifar10: CIFAR-10 (Krizhevsky, Nair and Hinton); CIFAR-10's binary batches, looked up by name; not downloaded."));
        Assert.That(output, Does.Contain($"3. system: ready → used  {_root.File("system/cifar10")}").And.Contain("data_batch_1.bin  6,146 bytes"));
        Assert.That(output, Does.Contain("uses: system (").And.Contain("train 2 x 3 x 32 x 32, test 1 x 3 x 32 x 32"));
        Assert.That(downloadExit, Is.EqualTo(1));
        Assert.That(downloadOutput, Does.Contain("This toolkit does not download CIFAR-10"));
    }

    [Test]
    public void The_help_names_every_defined_dataset()
    {
        var description = typeof(DataCommand.Settings).GetProperty(nameof(DataCommand.Settings.Name))!
            .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false).Cast<System.ComponentModel.DescriptionAttribute>().Single().Description;
        var keys = Datasets.Known.Select(d => d.Key).ToList();
        Assert.That(description, Is.EqualTo($"Dataset: {string.Join(", ", keys.SkipLast(1))} or {keys[^1]}."));
    }

    [TestCase("synthetic-sequences", "generated from a seed in the shape a model reads (any [channels, length]); nothing to look up.")]
    [TestCase("correlated-gaussians", "drawn afresh at every step by the MI benchmark")]
    public void Data_that_is_made_not_stored_says_so(string name, string message)
    {
        var (exit, output) = Run("--name", name);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain(message));
    }

    [TestCase(new[] { "--base-url", "http://127.0.0.1/" }, "--base-url only applies with --download")]
    [TestCase(new[] { "--download", "--base-url", "ftp://host/x" }, "--base-url: 'ftp://host/x' is not an absolute http or https URL")]
    public void Bad_flags_are_named(string[] args, string message)
    {
        var (exit, output) = Run(args);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain(message));
    }

    [Test]
    public void Download_fetches_into_the_cache_with_a_progress_bar_and_then_uses_it()
    {
        using var server = new LoopbackHttpServer();
        var dataset = Served(server);

        var (exit, output) = Run(new DataCommandSetup(_locations, new[] { dataset }), "--download", "--base-url", server.BaseUrl.ToString());

        var folder = Path.Combine(_locations.Cache, "fashion-mnist");
        Assert.That(exit, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain($"downloading fashion-mnist from {server.BaseUrl} into {folder}"));
            Assert.That(output, Does.Contain("100%"), "the progress bar reached the end");
            Assert.That(output, Does.Contain("downloaded: train-images-idx3-ubyte.gz").And.Contain("SHA-256 checked"));
            Assert.That(output, Does.Contain($"fashion-mnist is now read from the user cache ({folder})."));
            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(), Is.EqualTo(dataset.Files.Select(f => f.FileName).Order()));
        });

        // Again: nothing is fetched, every file is checked and kept.
        var requests = server.Requests.Count;
        var (again, second) = Run(new DataCommandSetup(_locations, new[] { dataset }), "--download", "--base-url", server.BaseUrl.ToString());
        Assert.That(again, Is.Zero, second);
        Assert.That(second, Does.Contain("already there: t10k-labels-idx1-ubyte.gz"));
        Assert.That(server.Requests, Has.Count.EqualTo(requests));
    }

    [Test]
    public void A_corrupted_download_fails_naming_the_url_and_leaves_no_file()
    {
        using var server = new LoopbackHttpServer();
        var dataset = Served(server);
        var bytes = server.Files["train-labels-idx1-ubyte.gz"].Body.ToArray();
        bytes[^10] ^= 1;
        server.Files["train-labels-idx1-ubyte.gz"] = new LoopbackHttpServer.Reply(bytes);

        var (exit, output) = Run(new DataCommandSetup(_locations, new[] { dataset }), "--download", "--base-url", server.BaseUrl.ToString());

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"error: {server.BaseUrl}train-labels-idx1-ubyte.gz: SHA-256 mismatch"));
        Assert.That(File.Exists(Path.Combine(_locations.Cache, "fashion-mnist", "train-labels-idx1-ubyte.gz")), Is.False);
    }

    [Test]
    public void Download_refuses_a_dataset_without_verified_digests()
    {
        var (exit, output) = Run("--download", "--name", "mnist");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error: mnist: no verified SHA-256 is known"));
        Assert.That(Directory.Exists(Path.Combine(_locations.Cache, "mnist")), Is.False);
    }

    /// <summary>Serves a small dataset in the MNIST layout and returns Fashion-MNIST's entry with those files' digests.</summary>
    private IdxDatasetInfo Served(LoopbackHttpServer server)
    {
        var source = _root.File("source");
        TestData.WriteMnistLayout(source, train: 7, test: 3);
        foreach (var path in Directory.GetFiles(source))
        {
            server.Files[Path.GetFileName(path)] = new LoopbackHttpServer.Reply(File.ReadAllBytes(path));
        }

        DatasetFile Digest(string name) => new(name, Convert.ToHexString(SHA256.HashData(server.Files[name].Body)).ToLowerInvariant());
        return Datasets.FashionMnist with
        {
            TrainImages = Digest("train-images-idx3-ubyte.gz"),
            TrainLabels = Digest("train-labels-idx1-ubyte.gz"),
            TestImages = Digest("t10k-images-idx3-ubyte.gz"),
            TestLabels = Digest("t10k-labels-idx1-ubyte.gz"),
        };
    }
}
