using Contrastive.Vocabularies;

namespace Contrastive.Data;

/// <summary>
/// The datasets this toolkit knows by name (<see cref="Definitions.Datasets"/>, the one list a spec,
/// <c>train</c> and <c>data</c> use), and the one call a training run needs:
/// <c>Datasets.Load("fashion-mnist", DataSplit.Train)</c>. docs/DATA.md describes the sources.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28 x 28
    /// grey clothing articles in 10 classes. The digests are the official files' SHA-256, verified
    /// against the MD5 sums Zalando publishes (docs/DATA.md says how).
    /// </summary>
    public static IdxDatasetInfo FashionMnist { get; } = new()
    {
        Definition = Definition("fashion-mnist"),
        ClassNames = new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
        TrainImages = new("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        TrainLabels = new("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        TestImages = new("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        TestLabels = new("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
        DownloadUrl = new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
    };

    /// <summary>MNIST handwritten digits (LeCun, Cortes, Burges), same layout; read where its files are, not downloaded (no verified SHA-256 here).</summary>
    public static IdxDatasetInfo Mnist { get; } = new()
    {
        Definition = Definition("mnist"),
        ClassNames = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
    };

    /// <summary>Kuzushiji-MNIST (ROIS-DS CODH, CC BY-SA 4.0), same layout; read where its files are, not downloaded (no verified SHA-256 here).</summary>
    public static IdxDatasetInfo Kmnist { get; } = new()
    {
        Definition = Definition("kmnist"),
        ClassNames = new[] { "o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo" },
    };

    /// <summary>Every dataset known by name: <see cref="Definitions.Datasets"/>.</summary>
    public static IReadOnlyList<Definitions.Dataset> Known => Definitions.Datasets;

    /// <summary>The files of every dataset stored as IDX files, in <see cref="Known"/>'s order.</summary>
    public static IReadOnlyList<IdxDatasetInfo> IdxFiles { get; } = new[] { FashionMnist, Mnist, Kmnist };

    /// <summary>The dataset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No dataset has that name; the message lists the known ones.</exception>
    public static Definitions.Dataset Get(string name)
        => Definitions.FindDataset(name ?? throw new ArgumentNullException(nameof(name)))
           ?? throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", Known.Select(d => d.Key))}.", nameof(name));

    /// <summary>The IDX files of dataset <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a dataset that is not stored as IDX files.</exception>
    public static IdxDatasetInfo Idx(string name)
    {
        var definition = Get(name);
        return IdxFiles.FirstOrDefault(d => d.Definition == definition)
               ?? throw new ArgumentException($"{definition.Key} is not stored as IDX files; {Describe(definition)}", nameof(name));
    }

    /// <summary>Looks the IDX dataset <paramref name="name"/> up in each location (default: <see cref="DataLocations.FromEnvironment"/>).</summary>
    public static DataResolution Resolve(string name, DataLocations? locations = null)
        => DataResolution.Resolve(Idx(name), locations ?? DataLocations.FromEnvironment());

    /// <summary>Resolves the image dataset <paramref name="name"/> and reads <paramref name="split"/> from the first location that has it.</summary>
    /// <exception cref="ArgumentException">No image dataset has that name (synthetic-sequences, which are generated, load with the model's input shape).</exception>
    /// <exception cref="FileNotFoundException">No location has the files.</exception>
    /// <exception cref="DataFormatException">The files found are damaged.</exception>
    public static ImageDataset Load(string name, DataSplit split, DataLocations? locations = null)
    {
        var definition = Get(name);
        return definition.Source switch
        {
            Definitions.DatasetSource.IdxFiles => Resolve(definition.Key, locations).Load(split),
            Definitions.DatasetSource.Cifar10Batches => Cifar10.Load(split, locations ?? DataLocations.FromEnvironment()),
            Definitions.DatasetSource.Generated => throw new ArgumentException(
                $"{definition.Key} are sequences, generated in the shape a model reads: load them with Datasets.Load(name, split, inputShape).", nameof(name)),
            _ => throw new ArgumentException($"{definition.Key}: {Describe(definition)}", nameof(name)),
        };
    }

    /// <summary>
    /// The dataset called <paramref name="name"/>, split <paramref name="split"/>, for a model whose
    /// samples have the shape <paramref name="inputShape"/>: an image dataset, read from the first
    /// location that has it, which must hold samples of that shape; or <c>synthetic-sequences</c>
    /// (<see cref="SyntheticSequences"/>), generated in that shape [C, T].
    /// </summary>
    /// <param name="name">A dataset name (case-insensitive).</param>
    /// <param name="split">Training or test split.</param>
    /// <param name="inputShape">The shape of one sample the model reads ([C, H, W] or [C, T]).</param>
    /// <param name="locations">Where files are looked for (default: <see cref="DataLocations.FromEnvironment"/>).</param>
    /// <exception cref="ArgumentException">Unknown name, a dataset drawn by the MI benchmark, or samples that do not have <paramref name="inputShape"/>.</exception>
    /// <exception cref="FileNotFoundException">No location has the files.</exception>
    /// <exception cref="DataFormatException">The files found are damaged.</exception>
    public static IDataset Load(string name, DataSplit split, IReadOnlyList<long> inputShape, DataLocations? locations = null)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var definition = Get(name);
        if (definition.Source == Definitions.DatasetSource.Generated)
        {
            if (inputShape.Count != 2 || inputShape.Any(d => d < 1 || d > int.MaxValue))
            {
                throw new ArgumentException($"{definition.Key} are sequences [channels, length]; a model reading [{string.Join(", ", inputShape)}] cannot use them.", nameof(inputShape));
            }

            return SyntheticSequences.Load(split, new SyntheticSequenceOptions { Channels = (int)inputShape[0], Length = (int)inputShape[1] });
        }

        var data = Load(definition.Key, split, locations);
        if (!inputShape.SequenceEqual(data.InputShape))
        {
            var found = data.InputShape;
            data.Dispose();
            throw new ArgumentException($"{definition.Key} holds samples [{string.Join(", ", found)}], but the model reads [{string.Join(", ", inputShape)}]; pick a dataset of that shape.", nameof(inputShape));
        }

        return data;
    }

    /// <summary>Where <paramref name="definition"/>'s samples come from, in a sentence for messages and <c>data</c>.</summary>
    public static string Describe(Definitions.Dataset definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Source switch
        {
            Definitions.DatasetSource.IdxFiles => "four IDX files, looked up by name.",
            Definitions.DatasetSource.Cifar10Batches => "CIFAR-10's binary batches, looked up by name; not downloaded.",
            Definitions.DatasetSource.Generated => $"generated from a seed in the shape a model reads ({definition.Gives}); nothing to look up.",
            _ => $"drawn afresh at every step by the MI benchmark, which trains critic models: run 'contrastive mi-bench'; nothing to load or look up.",
        };
    }

    private static Definitions.Dataset Definition(string key)
        => Definitions.FindDataset(key) ?? throw new InvalidOperationException($"no dataset definition '{key}'.");
}
