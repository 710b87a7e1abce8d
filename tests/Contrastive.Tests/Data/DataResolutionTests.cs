using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class DataResolutionTests
{
    private TempFolder _root = null!;
    private DataLocations _locations = null!;

    [SetUp]
    public void MakeRoots()
    {
        _root = new TempFolder();
        _locations = new DataLocations(_root.File("env"), _root.File("cache"), _root.File("system"), _root.File("bundled"));
    }

    [TearDown]
    public void RemoveRoots() => _root.Dispose();

    [Test]
    public void FromEnvironment_reads_CONTRASTIVE_DATA_and_the_XDG_cache()
    {
        var variables = new Dictionary<string, string?> { ["CONTRASTIVE_DATA"] = "/data/sets", ["XDG_CACHE_HOME"] = "/var/cache/me", ["HOME"] = "/home/me" };

        var locations = DataLocations.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Multiple(() =>
        {
            Assert.That(locations.Environment, Is.EqualTo("/data/sets"));
            Assert.That(locations.Cache, Is.EqualTo("/var/cache/me/contrastive"));
            Assert.That(locations.System, Is.EqualTo("/usr/share/datasets"));
            Assert.That(locations.Bundled, Is.EqualTo(Path.Combine(AppContext.BaseDirectory, "data")));
            Assert.That(locations.FolderFor(DataSourceKind.Cache, "fashion-mnist"), Is.EqualTo("/var/cache/me/contrastive/fashion-mnist"));
            Assert.That(locations.FolderFor(DataSourceKind.Bundled, "fashion-mnist"), Is.EqualTo(Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset")));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("relative/cache")]
    public void Without_an_absolute_XDG_CACHE_HOME_the_cache_is_under_HOME(string? xdg)
    {
        var variables = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = xdg, ["HOME"] = "/home/me" };

        var locations = DataLocations.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.That(locations.Cache, Is.EqualTo("/home/me/.cache/contrastive"));
        Assert.That(locations.Environment, Is.Null);
        Assert.That(locations.FolderFor(DataSourceKind.Environment, "mnist"), Is.Null);
    }

    [Test]
    public void The_first_location_with_all_four_files_is_chosen_and_every_location_is_reported()
    {
        TestData.WriteMnistLayout(Path.Combine(_locations.Cache, "fashion-mnist"), train: 6, test: 4);
        TestData.WriteMnistLayout(Path.Combine(_locations.System, "fashion-mnist"), train: 8, test: 2);

        var resolution = Datasets.Resolve("fashion-mnist", _locations);

        Assert.That(resolution.Looked.Select(l => (l.Kind, l.State)), Is.EqualTo(new[]
        {
            (DataSourceKind.Environment, LocationState.Missing),
            (DataSourceKind.Cache, LocationState.Ready),
            (DataSourceKind.System, LocationState.Ready),
            (DataSourceKind.Bundled, LocationState.Missing),
        }));
        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.Cache));
        Assert.That(resolution.Looked[1].Summary, Is.EqualTo("train 6 x 28 x 28, test 4 x 28 x 28"));
        Assert.That(resolution.Looked[1].Files.Select(f => Path.GetFileName(f.Path)), Is.EqualTo(Datasets.FashionMnist.Files.Select(f => f.FileName)));

        using var scope = NewDisposeScope();
        using var train = resolution.Load(DataSplit.Train);
        using var test = Datasets.Load("fashion-mnist", DataSplit.Test, _locations);
        Assert.Multiple(() =>
        {
            Assert.That(train.Count, Is.EqualTo(6));
            Assert.That(test.Count, Is.EqualTo(4));
            Assert.That(train.Name, Is.EqualTo("fashion-mnist (train)"));
            Assert.That(train.Source, Is.EqualTo($"user cache: {Path.Combine(_locations.Cache, "fashion-mnist")}"));
            Assert.That(train.ClassNames, Is.EqualTo(Datasets.FashionMnist.ClassNames));
        });
    }

    [Test]
    public void An_incomplete_folder_is_skipped_and_says_what_it_lacks()
    {
        var env = Path.Combine(_locations.Environment!, "fashion-mnist");
        TestData.WriteMnistLayout(env, train: 3, test: 3);
        File.Delete(Path.Combine(env, "t10k-labels-idx1-ubyte.gz"));
        TestData.WriteMnistLayout(Path.Combine(_locations.System, "fashion-mnist"), train: 5, test: 5);

        var resolution = Datasets.Resolve("fashion-mnist", _locations);

        Assert.That(resolution.Looked[0].State, Is.EqualTo(LocationState.Incomplete));
        Assert.That(resolution.Looked[0].Summary, Is.EqualTo("missing t10k-labels-idx1-ubyte.gz"));
        Assert.That(resolution.Looked[0].Files, Has.Count.EqualTo(3));
        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.System));
    }

    [Test]
    public void Uncompressed_files_without_the_gz_suffix_count()
    {
        TestData.WriteMnistLayout(Path.Combine(_locations.Environment!, "mnist"), train: 2, test: 2, gzip: false);

        var resolution = Datasets.Resolve("mnist", _locations);

        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.Environment));
        Assert.That(Path.GetFileName(resolution.Chosen.Files[0].Path), Is.EqualTo("train-images-idx3-ubyte"));
        using var train = resolution.Load(DataSplit.Train);
        Assert.That(train.ClassNames, Is.EqualTo(new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }));
    }

    [Test]
    public void A_damaged_first_location_is_chosen_anyway_and_loading_says_why()
    {
        var env = Path.Combine(_locations.Environment!, "kmnist");
        TestData.WriteMnistLayout(env, train: 4, test: 2);
        File.WriteAllBytes(Path.Combine(env, "train-labels-idx1-ubyte.gz"), TestData.Gzip(TestData.Idx(new[] { 3 }, TestData.Labels(3))));
        TestData.WriteMnistLayout(Path.Combine(_locations.Cache, "kmnist"), train: 4, test: 2);

        var resolution = Datasets.Resolve("kmnist", _locations);

        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.Environment));
        Assert.That(resolution.Chosen.State, Is.EqualTo(LocationState.Damaged));
        Assert.That(resolution.Chosen.Summary, Is.EqualTo("train-images-idx3-ubyte.gz holds 4 images but train-labels-idx1-ubyte.gz 3 labels"));
        var error = Assert.Throws<DataFormatException>(() => resolution.Load(DataSplit.Train))!;
        Assert.That(error.Message, Does.Contain("holds 3 labels, but train-images-idx3-ubyte.gz holds 4 images"));
    }

    [Test]
    public void Images_of_the_wrong_size_are_damage()
    {
        TestData.WriteMnistLayout(Path.Combine(_locations.System, "fashion-mnist"), train: 2, test: 2, size: 8);

        var resolution = Datasets.Resolve("fashion-mnist", _locations);

        Assert.That(resolution.Chosen!.State, Is.EqualTo(LocationState.Damaged));
        Assert.That(resolution.Chosen.Summary, Does.Contain("train-images-idx3-ubyte.gz: images are 8 x 8; expected 28 x 28"));
        var error = Assert.Throws<DataFormatException>(() => resolution.Load(DataSplit.Test))!;
        Assert.That(error.Message, Does.Contain("t10k-images-idx3-ubyte.gz: images are 8 x 8; fashion-mnist images are 28 x 28"));
    }

    [Test]
    public void A_file_that_is_not_idx_is_damage_named_in_the_summary()
    {
        var folder = Path.Combine(_locations.Cache, "fashion-mnist");
        TestData.WriteMnistLayout(folder, train: 2, test: 2);
        File.WriteAllText(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), "<html>404</html>");

        var resolution = Datasets.Resolve("fashion-mnist", _locations);

        Assert.That(resolution.Chosen!.State, Is.EqualTo(LocationState.Damaged));
        Assert.That(resolution.Chosen.Summary, Does.StartWith("t10k-images-idx3-ubyte.gz: not an IDX file: it starts with 3c 68"));
    }

    [Test]
    public void With_no_files_anywhere_loading_lists_every_location_and_how_to_get_the_data()
    {
        var locations = _locations with { Environment = null };

        var resolution = Datasets.Resolve("fashion-mnist", locations);

        Assert.That(resolution.Chosen, Is.Null);
        var error = Assert.Throws<FileNotFoundException>(() => resolution.Load(DataSplit.Train))!;
        Assert.That(error.Message, Does.Contain("$CONTRASTIVE_DATA: -: CONTRASTIVE_DATA is not set")
            .And.Contain($"user cache: {Path.Combine(locations.Cache, "fashion-mnist")}: no such folder")
            .And.Contain("contrastive data --download --name fashion-mnist"));
    }

    [Test]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Datasets.Get("fashion"))!;
        Assert.That(error.Message, Does.Contain("unknown dataset 'fashion'; known: fashion-mnist, mnist, kmnist, cifar10, correlated-gaussians, synthetic-sequences."));
        Assert.That(Datasets.Get("Fashion-MNIST"), Is.SameAs(Datasets.FashionMnist.Definition));
        Assert.That(Datasets.Idx("Fashion-MNIST"), Is.SameAs(Datasets.FashionMnist));
    }
}
