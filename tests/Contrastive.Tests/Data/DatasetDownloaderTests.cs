using System.Security.Cryptography;
using Contrastive.Data;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class DatasetDownloaderTests
{
    private TempFolder _folder = null!;
    private LoopbackHttpServer _server = null!;
    private HttpClient _client = null!;
    private IdxDatasetInfo _dataset = null!;
    private Dictionary<string, byte[]> _files = null!;

    [SetUp]
    public void Serve()
    {
        _folder = new TempFolder();
        _server = new LoopbackHttpServer();
        _client = new HttpClient();

        // A small dataset in the MNIST layout, whose digests are those of the files served.
        var source = Path.Combine(_folder.Path, "source");
        TestData.WriteMnistLayout(source, train: 12, test: 5);
        _files = Directory.GetFiles(source).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        DatasetFile Digest(string name) => new(name, Convert.ToHexString(SHA256.HashData(_files[name])).ToLowerInvariant());
        _dataset = Datasets.FashionMnist with
        {
            TrainImages = Digest("train-images-idx3-ubyte.gz"),
            TrainLabels = Digest("train-labels-idx1-ubyte.gz"),
            TestImages = Digest("t10k-images-idx3-ubyte.gz"),
            TestLabels = Digest("t10k-labels-idx1-ubyte.gz"),
            DownloadUrl = _server.BaseUrl,
        };
        foreach (var (name, bytes) in _files)
        {
            _server.Files[name] = new LoopbackHttpServer.Reply(bytes);
        }
    }

    [TearDown]
    public void Stop()
    {
        _client.Dispose();
        _server.Dispose();
        _folder.Dispose();
    }

    private string Cache => Path.Combine(_folder.Path, "cache", "fashion-mnist");

    private string[] LeftInCache() => Directory.Exists(Cache) ? Directory.GetFiles(Cache).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray() : Array.Empty<string>();

    [Test]
    public async Task Good_files_land_in_the_folder_with_progress_and_load()
    {
        var reports = new List<DownloadProgress>();

        var files = await new DatasetDownloader(_client).DownloadAsync(_dataset, Cache, progress: reports.Add);

        Assert.That(files.Select(f => Path.GetFileName(f.Path)), Is.EqualTo(_dataset.Files.Select(f => f.FileName)));
        Assert.That(files.All(f => !f.AlreadyPresent), Is.True);
        foreach (var (name, bytes) in _files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(Cache, name)), Is.EqualTo(bytes), name);
            var done = reports.Single(r => r.FileName == name && r.Done);
            Assert.That((done.Received, done.Total), Is.EqualTo(((long)bytes.Length, (long?)bytes.Length)), name);
            Assert.That(done.Url, Is.EqualTo(new Uri(_server.BaseUrl, name)));
        }

        Assert.That(LeftInCache(), Has.Length.EqualTo(4), "no temporary files remain");
        var locations = new DataLocations(null, Path.Combine(_folder.Path, "cache"), _folder.File("none"), _folder.File("none"));
        using var train = Datasets.Resolve("fashion-mnist", locations).Load(DataSplit.Train);
        Assert.That(train.Count, Is.EqualTo(12));
    }

    [Test]
    public async Task Files_already_there_with_the_right_digest_are_not_fetched_again()
    {
        var downloader = new DatasetDownloader(_client);
        await downloader.DownloadAsync(_dataset, Cache);
        var before = _server.Requests.Count;

        var again = await downloader.DownloadAsync(_dataset, Cache);

        Assert.That(again.All(f => f.AlreadyPresent), Is.True);
        Assert.That(_server.Requests, Has.Count.EqualTo(before));
    }

    [Test]
    public async Task A_file_with_the_wrong_content_in_the_folder_is_replaced()
    {
        Directory.CreateDirectory(Cache);
        File.WriteAllText(Path.Combine(Cache, "t10k-labels-idx1-ubyte.gz"), "stale");

        await new DatasetDownloader(_client).DownloadAsync(_dataset, Cache);

        Assert.That(File.ReadAllBytes(Path.Combine(Cache, "t10k-labels-idx1-ubyte.gz")), Is.EqualTo(_files["t10k-labels-idx1-ubyte.gz"]));
    }

    [Test]
    public void A_corrupted_file_is_not_kept_and_the_error_names_the_url_and_both_digests()
    {
        var corrupted = _files["t10k-images-idx3-ubyte.gz"].ToArray();
        corrupted[^20] ^= 0x40;
        _server.Files["t10k-images-idx3-ubyte.gz"] = new LoopbackHttpServer.Reply(corrupted);

        var error = Assert.ThrowsAsync<DataDownloadException>(() => new DatasetDownloader(_client).DownloadAsync(_dataset, Cache))!;

        var url = new Uri(_server.BaseUrl, "t10k-images-idx3-ubyte.gz");
        Assert.That(error.Url, Is.EqualTo(url));
        Assert.That(error.Message, Does.StartWith(url.ToString())
            .And.Contain($"SHA-256 mismatch: expected {_dataset.TestImages.Sha256}, got {Convert.ToHexString(SHA256.HashData(corrupted)).ToLowerInvariant()}")
            .And.Contain("the file was not kept"));
        Assert.That(LeftInCache(), Is.EqualTo(new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" }),
            "the files before it are complete and checked; the corrupted one and its temporary file are gone");
    }

    [Test]
    public void An_interrupted_response_leaves_no_file_and_says_how_far_it_got()
    {
        var bytes = _files["train-images-idx3-ubyte.gz"];
        _server.Files["train-images-idx3-ubyte.gz"] = new LoopbackHttpServer.Reply(bytes, SendOnly: bytes.Length / 3);

        var error = Assert.ThrowsAsync<DataDownloadException>(() => new DatasetDownloader(_client).DownloadAsync(_dataset, Cache))!;

        Assert.That(error.Message, Does.StartWith(new Uri(_server.BaseUrl, "train-images-idx3-ubyte.gz").ToString())
            .And.Contain("broke off after").And.Contain($"of {bytes.Length:N0} bytes"));
        Assert.That(LeftInCache(), Is.Empty);
    }

    [Test]
    public void A_missing_file_is_the_HTTP_status()
    {
        _server.Files.TryRemove("train-labels-idx1-ubyte.gz", out _);

        var error = Assert.ThrowsAsync<DataDownloadException>(() => new DatasetDownloader(_client).DownloadAsync(_dataset, Cache))!;

        Assert.That(error.Message, Does.EndWith("train-labels-idx1-ubyte.gz: HTTP 404 (Not Found)."));
        Assert.That(LeftInCache(), Is.EqualTo(new[] { "train-images-idx3-ubyte.gz" }));
    }

    [Test]
    public void A_server_that_stops_sending_is_given_up_after_the_read_timeout()
    {
        var bytes = _files["train-images-idx3-ubyte.gz"];
        _server.Files["train-images-idx3-ubyte.gz"] = new LoopbackHttpServer.Reply(bytes, SendOnly: 100, Stall: true);
        var downloader = new DatasetDownloader(_client) { ReadTimeout = TimeSpan.FromMilliseconds(300) };

        var error = Assert.ThrowsAsync<DataDownloadException>(() => downloader.DownloadAsync(_dataset, Cache))!;

        Assert.That(error.Message, Does.Contain($"no data for 0.3 s after 100 of {bytes.Length:N0} bytes; gave up"));
        Assert.That(LeftInCache(), Is.Empty);
    }

    [Test]
    public void Cancelling_leaves_no_file()
    {
        var bytes = _files["train-images-idx3-ubyte.gz"];
        _server.Files["train-images-idx3-ubyte.gz"] = new LoopbackHttpServer.Reply(bytes, SendOnly: 100, Stall: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(() => new DatasetDownloader(_client).DownloadAsync(_dataset, Cache, cancellationToken: cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(LeftInCache(), Is.Empty);
    }

    [Test]
    public void Nothing_is_fetched_for_a_dataset_without_verified_digests()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => new DatasetDownloader(_client).DownloadAsync(Datasets.Mnist, Cache, _server.BaseUrl))!;

        Assert.That(error.Message, Does.Contain("mnist: no verified SHA-256 is known"));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public void File_urls_join_with_or_without_a_trailing_slash()
    {
        Assert.That(DatasetDownloader.FileUrl(new Uri("http://host/a/b"), "f.gz"), Is.EqualTo(new Uri("http://host/a/b/f.gz")));
        Assert.That(DatasetDownloader.FileUrl(new Uri("http://host/a/b/"), "f.gz"), Is.EqualTo(new Uri("http://host/a/b/f.gz")));
        Assert.That(Datasets.FashionMnist.DownloadUrl, Is.EqualTo(new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")));
    }
}
