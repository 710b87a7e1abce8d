using System.Globalization;

namespace Contrastive.Data;

/// <summary>What a location held when a dataset was looked up there.</summary>
public enum LocationState
{
    /// <summary>The location is not configured (<c>$CONTRASTIVE_DATA</c> unset).</summary>
    NotSet,

    /// <summary>No folder there.</summary>
    Missing,

    /// <summary>A folder without all four files; skipped.</summary>
    Incomplete,

    /// <summary>All four files, but a header is damaged or the files disagree; chosen all the same, so that loading a damaged file fails and says why.</summary>
    Damaged,

    /// <summary>All four files with consistent headers.</summary>
    Ready,
}

/// <summary>A file found at a location, with its IDX header (null if unreadable).</summary>
public sealed record FoundFile(string Path, long Bytes, IdxHeader? Header)
{
    /// <summary>The dimensions the header declares (null if unreadable).</summary>
    public IReadOnlyList<int>? Dimensions => Header?.Dimensions;
}

/// <summary>One location looked at: where, what state it is in, the files found and a one-line summary.</summary>
public sealed record DataLocation(DataSourceKind Kind, string? Folder, LocationState State, IReadOnlyList<FoundFile> Files, string Summary)
{
    /// <summary>Whether every file is there (<see cref="LocationState.Ready"/> or <see cref="LocationState.Damaged"/>): the first such location is used.</summary>
    public bool HasAllFiles => State is LocationState.Ready or LocationState.Damaged;
}

/// <summary>
/// The outcome of looking a dataset up: every location in order, and the one used: the first with all
/// four files. A damaged one is not skipped, so data someone put there on purpose is never silently
/// replaced by another source; loading its damaged files then fails with the reason.
/// </summary>
public sealed record DataResolution(IdxDatasetInfo Dataset, IReadOnlyList<DataLocation> Looked)
{
    /// <summary>The location used, or null when none has all the files.</summary>
    public DataLocation? Chosen => Looked.FirstOrDefault(l => l.HasAllFiles);

    /// <summary>Looks at every location of <paramref name="locations"/>, in order, for <paramref name="dataset"/>'s files.</summary>
    public static DataResolution Resolve(IdxDatasetInfo dataset, DataLocations locations)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(locations);
        var looked = Enum.GetValues<DataSourceKind>().Select(kind => Inspect(dataset, kind, locations.FolderFor(kind, dataset.Name))).ToList();
        return new DataResolution(dataset, looked);
    }

    /// <summary>Reads <paramref name="split"/> from the chosen location; the dataset's <see cref="ImageDataset.Source"/> names it.</summary>
    /// <exception cref="FileNotFoundException">No location has all the files; the message lists each one and what it lacked.</exception>
    /// <exception cref="DataFormatException">The chosen location's files are damaged.</exception>
    public ImageDataset Load(DataSplit split)
    {
        var chosen = Chosen ?? throw new FileNotFoundException(
            $"{Dataset.Name}: no location has all four files ({string.Join(", ", Dataset.Files.Select(f => f.FileName))}). Looked at:"
            + string.Concat(Looked.Select(l => $"{Environment.NewLine}  {Describe(l.Kind)}: {l.Folder ?? "-"}: {l.Summary}"))
            + $"{Environment.NewLine}Download them with 'contrastive data --download --name {Dataset.Name}', or set {DataLocations.EnvironmentVariable} to a folder with a '{Dataset.Name}' sub-folder.");
        return Dataset.Load(chosen.Folder!, split, source: $"{Describe(chosen.Kind)}: {chosen.Folder}");
    }

    /// <summary>A short name of a source kind, as the <c>data</c> command prints it.</summary>
    public static string Describe(DataSourceKind kind) => kind switch
    {
        DataSourceKind.Environment => "$" + DataLocations.EnvironmentVariable,
        DataSourceKind.Cache => "user cache",
        DataSourceKind.System => "system",
        _ => "bundled subset",
    };

    private static DataLocation Inspect(IdxDatasetInfo dataset, DataSourceKind kind, string? folder)
    {
        if (folder is null)
        {
            return new DataLocation(kind, null, LocationState.NotSet, Array.Empty<FoundFile>(), $"{DataLocations.EnvironmentVariable} is not set");
        }

        if (!Directory.Exists(folder))
        {
            return new DataLocation(kind, folder, LocationState.Missing, Array.Empty<FoundFile>(), "no such folder");
        }

        var paths = dataset.Files.Select(f => IdxDatasetInfo.Find(folder, f)).ToList();
        var missing = dataset.Files.Where((_, i) => paths[i] is null).Select(f => f.FileName).ToList();
        var found = new List<FoundFile>();
        var problems = new List<string>();
        foreach (var path in paths.OfType<string>())
        {
            IdxHeader? header = null;
            try
            {
                header = IdxFile.ReadHeader(path);
            }
            catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e is DataFormatException format ? $"{Path.GetFileName(path)}: {format.Problem}" : e.Message);
            }

            found.Add(new FoundFile(path, new FileInfo(path).Length, header));
        }

        if (missing.Count > 0)
        {
            return new DataLocation(kind, folder, LocationState.Incomplete, found, "missing " + string.Join(", ", missing));
        }

        problems.AddRange(CheckConsistency(dataset, found));
        if (problems.Count > 0)
        {
            return new DataLocation(kind, folder, LocationState.Damaged, found, string.Join("; ", problems));
        }

        string Split(int images) => $"{Count(found[images].Dimensions![0])} x {found[images].Dimensions![1]} x {found[images].Dimensions![2]}";
        return new DataLocation(kind, folder, LocationState.Ready, found, $"train {Split(0)}, test {Split(2)}");
    }

    private static IEnumerable<string> CheckConsistency(IdxDatasetInfo dataset, IReadOnlyList<FoundFile> files)
    {
        for (var pair = 0; pair < 2; pair++)
        {
            var (images, labels) = (files[2 * pair], files[2 * pair + 1]);
            if (images.Dimensions is null || labels.Dimensions is null)
            {
                continue;
            }

            var imageName = Path.GetFileName(images.Path);
            var labelName = Path.GetFileName(labels.Path);
            foreach (var file in new[] { images, labels })
            {
                if (file.Header!.Type != IdxFile.UnsignedByte)
                {
                    yield return $"{Path.GetFileName(file.Path)}: IDX type byte is 0x{file.Header.Type:X2} ({IdxFile.TypeName(file.Header.Type)}); expected 0x08 (unsigned bytes)";
                }
            }

            if (images.Dimensions.Count != 3)
            {
                yield return $"{imageName}: {images.Dimensions.Count} dimension(s); expected 3 (count, rows, columns)";
            }
            else if (images.Dimensions[1] != dataset.Height || images.Dimensions[2] != dataset.Width)
            {
                yield return $"{imageName}: images are {images.Dimensions[1]} x {images.Dimensions[2]}; expected {dataset.Height} x {dataset.Width}";
            }

            if (labels.Dimensions.Count != 1)
            {
                yield return $"{labelName}: {labels.Dimensions.Count} dimension(s); expected 1 (count)";
            }
            else if (images.Dimensions[0] != labels.Dimensions[0])
            {
                yield return $"{imageName} holds {Count(images.Dimensions[0])} images but {labelName} {Count(labels.Dimensions[0])} labels";
            }
        }
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
