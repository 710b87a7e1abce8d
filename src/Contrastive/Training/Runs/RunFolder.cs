using System.Text.Json;
using Contrastive.Reporting;

namespace Contrastive.Training.Runs;

/// <summary>
/// What a run folder records about how it was started (<c>run.json</c>): the model, every option
/// override and how the run is carried out, so that a resumed run continues as it was started and an
/// evaluation rebuilds exactly the same model.
/// </summary>
/// <param name="Model">The model's name in the registry.</param>
/// <param name="Overrides">key=value overrides applied to the spec's options, in order.</param>
/// <param name="InputShape">The shape of one input sample of the model, for readers of the file (a run rebuilds its model from the registry, which knows the shape).</param>
/// <param name="Settings">The step cap, intervals and clipping; null in run.json files written before they were recorded.</param>
public sealed record RunFolder(string Model, IReadOnlyList<string> Overrides, IReadOnlyList<long> InputShape, RunSettings? Settings = null)
{
    /// <summary>The file in a run folder that holds this record.</summary>
    public const string FileName = "run.json";

    /// <summary>The record of the run folder <paramref name="directory"/>.</summary>
    /// <exception cref="ArgumentException">The folder has no run.json, or it is empty.</exception>
    public static RunFolder Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{directory} is not a run folder: it has no {FileName} (runs are made by 'contrastive train').");
        }

        try
        {
            return JsonSerializer.Deserialize<RunFolder>(File.ReadAllText(path)) is { Model: not null, Overrides: not null, InputShape: not null } folder
                ? folder
                : throw new ArgumentException($"{path} does not say which model the run trained (it needs Model, Overrides and InputShape).");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is damaged: {e.Message}", e);
        }
    }

    /// <summary>Writes run.json into <paramref name="directory"/> (in one rename).</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>
    /// The run folder behind <paramref name="path"/> (a run folder, or one of its checkpoint folders) and the
    /// checkpoint to load: the one named, else the newest intact one, with a note when that is not the
    /// one <c>checkpoints/latest</c> names (<see cref="CheckpointStore.Newest"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The folder holds no checkpoint, or none that is intact.</exception>
    public static (string Directory, CheckpointChoice Checkpoint) Locate(string path)
    {
        var full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, '/'));
        if (File.Exists(Path.Combine(full, "model.bin")) && Path.GetFileName(Path.GetDirectoryName(full)) == "checkpoints")
        {
            return (Path.GetDirectoryName(Path.GetDirectoryName(full))!, new CheckpointChoice(full, null));
        }

        var store = new CheckpointStore(Path.Combine(full, "checkpoints"));
        return store.Newest() is { } newest
            ? (full, newest)
            : throw new ArgumentException(store.HasCheckpoints
                ? $"{path} holds no intact checkpoint: {string.Join("; ", store.Problems())}."
                : $"{path} holds no checkpoint: give a run folder made by 'contrastive train' (or one of its checkpoints/step-* folders).");
    }
}
