using System.Globalization;
using System.Text.Json;
using Contrastive.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Training;

/// <summary>Where a run stands, saved with every checkpoint.</summary>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="Epoch">The epoch the next step belongs to.</param>
/// <param name="Loss">The loss of the last completed step.</param>
public sealed record TrainingState(long Step, long Epoch, double Loss);

/// <summary>The checkpoint a run continues from, and why it is not the one <c>latest</c> names, when it is not.</summary>
/// <param name="Folder">The checkpoint's folder.</param>
/// <param name="Note">Null when <c>latest</c> named it; otherwise what was wrong and which folder is used instead.</param>
public sealed record CheckpointChoice(string Folder, string? Note);

/// <summary>
/// Checkpoints of a run: model, optimizer, training state and random-number states, each in its own
/// folder <c>step-NNNNNNNN</c> under one directory, with a manifest of every file's size and SHA-256.
/// A checkpoint is written into a temporary folder and renamed into place, and <c>latest</c> is
/// replaced atomically after it, so a crash at any point leaves the previous checkpoint complete and
/// current. A damaged or missing <c>latest</c>, or a damaged checkpoint, is passed over for the newest
/// intact one, and nothing of a damaged file reaches libtorch.
/// </summary>
/// <remarks>
/// Tensors are saved in host memory whatever device they live on, and TorchSharp reads them back into
/// tensors on any device, so weights and optimizer state load on any device. A generator's state is
/// its device type's own (a CPU generator's is not a CUDA one's): a generator on the CPU is saved as
/// <c>generator-N.bin</c>, one on another device as <c>generator-N.&lt;device&gt;.bin</c>, and an exact
/// resume needs the device type the run was saved on.
/// </remarks>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest";
    private readonly int keep;

    /// <param name="directory">Folder of the checkpoints (created when needed).</param>
    /// <param name="keep">How many of the newest checkpoints to keep (at least 1).</param>
    public CheckpointStore(string directory, int keep = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = directory;
        this.keep = keep;
    }

    /// <summary>The folder holding the checkpoints.</summary>
    public string Directory { get; }

    /// <summary>The newest intact checkpoint's folder (see <see cref="Newest"/>), or null when there is none.</summary>
    public string? Latest => Newest()?.Folder;

    /// <summary>
    /// The checkpoint to continue from: the one <c>latest</c> names when it is intact, else the newest
    /// intact <c>step-*</c> folder, with a note saying why <c>latest</c> was passed over and which
    /// folders were damaged; null when no checkpoint is intact (see <see cref="Problems"/>).
    /// </summary>
    public CheckpointChoice? Newest()
    {
        string? why = null;
        string? passedOver = null;
        var pointer = Path.Combine(Directory, LatestFile);
        if (File.Exists(pointer))
        {
            var name = File.ReadAllText(pointer).Trim();
            var named = Path.Combine(Directory, name);
            if (!IsStepName(name))
            {
                why = $"checkpoints/{LatestFile} does not name a checkpoint ('{Shorten(name)}')";
            }
            else if (!System.IO.Directory.Exists(named))
            {
                why = $"checkpoints/{LatestFile} names {name}, which is missing";
            }
            else if (CheckpointManifest.Problem(named) is { } problem)
            {
                why = $"checkpoints/{LatestFile} names {name}, which is damaged: {problem}";
                passedOver = named;
            }
            else
            {
                return new CheckpointChoice(named, null);
            }
        }
        else if (StepFolders().Any())
        {
            why = $"checkpoints/{LatestFile} is missing";
        }

        var skipped = new List<string>();
        foreach (var folder in StepFolders().Where(f => f != passedOver))
        {
            if (CheckpointManifest.Problem(folder) is { } problem)
            {
                skipped.Add($"{Path.GetFileName(folder)}: {problem}");
                continue;
            }

            var passed = skipped.Count == 0 ? string.Empty : $" (newer but damaged: {string.Join("; ", skipped)})";
            return new CheckpointChoice(folder, $"{why}; using {Path.GetFileName(folder)}, the newest intact checkpoint{passed}.");
        }

        return null;
    }

    /// <summary>Every <c>step-*</c> folder that is not intact, newest first, each with what is wrong with it.</summary>
    public IReadOnlyList<string> Problems() =>
        StepFolders().Select(f => (Folder: f, Problem: CheckpointManifest.Problem(f)))
            .Where(p => p.Problem is not null)
            .Select(p => $"{Path.GetFileName(p.Folder)}: {p.Problem}")
            .ToList();

    /// <summary>Whether any checkpoint folder exists, intact or not.</summary>
    public bool HasCheckpoints => StepFolders().Any();

    /// <summary>Writes a checkpoint of <paramref name="state"/> and returns its folder.</summary>
    /// <param name="state">Step, epoch and loss.</param>
    /// <param name="model">The model (its state_dict is saved).</param>
    /// <param name="optimizer">The optimizer (moments, step counts).</param>
    /// <param name="generators">Generators whose states must be restored on resume (views, data).</param>
    public string Save(TrainingState state, nn.Module model, optim.Optimizer optimizer, IReadOnlyList<Generator> generators) =>
        Save(state, model, [optimizer], generators);

    /// <summary>
    /// Writes a checkpoint with the state of several optimizers: the trainer's first
    /// (<c>optimizer.bin</c>), then those a method steps itself (<c>optimizer-1.bin</c>, ...).
    /// </summary>
    /// <param name="state">Step, epoch and loss.</param>
    /// <param name="model">The model (its state_dict is saved).</param>
    /// <param name="optimizers">The optimizers, in an order <see cref="Restore(nn.Module, IReadOnlyList{optim.Optimizer}, IReadOnlyList{Generator})"/> repeats.</param>
    /// <param name="generators">Generators whose states must be restored on resume (views, data).</param>
    public string Save(TrainingState state, nn.Module model, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<Generator> generators)
    {
        ArgumentOutOfRangeException.ThrowIfZero(optimizers.Count);
        System.IO.Directory.CreateDirectory(Directory);
        var name = "step-" + state.Step.ToString("D8", CultureInfo.InvariantCulture);
        var final = Path.Combine(Directory, name);
        var temporary = Path.Combine(Directory, AtomicFile.TemporaryName(name));
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            model.save(Path.Combine(temporary, "model.bin"));
            for (var i = 0; i < optimizers.Count; i++)
            {
                Helper(optimizers[i]).save_state_dict(Path.Combine(temporary, OptimizerFile(i)));
            }

            for (var i = 0; i < generators.Count; i++)
            {
                using var generatorState = generators[i].get_state();
                using var hostState = generatorState.cpu();
                File.WriteAllBytes(Path.Combine(temporary, GeneratorFile(i, generators[i].device)), hostState.data<byte>().ToArray());
            }

            File.WriteAllBytes(Path.Combine(temporary, "torch-rng.bin"), random.get_rng_state().data<byte>().ToArray());
            File.WriteAllText(Path.Combine(temporary, "state.json"), JsonSerializer.Serialize(state));
            CheckpointManifest.Write(temporary);   // last: it vouches for every file above
            if (System.IO.Directory.Exists(final))
            {
                System.IO.Directory.Delete(final, recursive: true);   // a re-run of the same step replaces it
            }

            System.IO.Directory.Move(temporary, final);
        }
        catch
        {
            System.IO.Directory.Delete(temporary, recursive: true);
            throw;
        }

        AtomicFile.WriteAllText(Path.Combine(Directory, LatestFile), name);
        Prune(name);
        return final;
    }

    /// <summary>
    /// Restores the newest checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and
    /// <paramref name="generators"/>; returns its state, or null when there is no checkpoint.
    /// </summary>
    public TrainingState? Restore(nn.Module model, optim.Optimizer optimizer, IReadOnlyList<Generator> generators) =>
        Restore(model, [optimizer], generators);

    /// <summary>
    /// Restores the newest intact checkpoint (<see cref="Newest"/>) into <paramref name="model"/>, each of
    /// <paramref name="optimizers"/> (in the order they were saved) and <paramref name="generators"/>;
    /// returns its state, or null when there is no intact checkpoint.
    /// </summary>
    public TrainingState? Restore(nn.Module model, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<Generator> generators) =>
        Newest() is { } newest ? Restore(newest.Folder, model, optimizers, generators) : null;

    /// <summary>
    /// Restores the checkpoint in <paramref name="folder"/>. Every file is checked against the manifest
    /// and its expected size before libtorch reads it; a file that does not load is named in the error.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or does not fit the model, optimizers or generators.</exception>
    public TrainingState Restore(string folder, nn.Module model, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<Generator> generators)
    {
        ArgumentOutOfRangeException.ThrowIfZero(optimizers.Count);
        if (CheckpointManifest.Problem(folder) is { } problem)
        {
            throw new InvalidDataException($"{folder} cannot be restored: {problem}.");
        }

        var state = Read(folder, "state.json", file =>
            JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(file)) is { Step: >= 0, Epoch: >= 0 } read
                ? read
                : throw new InvalidDataException("it holds no step and epoch"));
        Read(folder, "model.bin", file => model.load(file));
        for (var i = 0; i < optimizers.Count; i++)
        {
            var name = OptimizerFile(i);
            if (!File.Exists(Path.Combine(folder, name)))
            {
                throw new InvalidDataException($"{folder} holds no state for optimizer {i} ({name}): was it written by a run with other settings?");
            }

            var optimizer = Helper(optimizers[i]);
            Read(folder, name, file => optimizer.load_state_dict(file));
        }

        for (var i = 0; i < generators.Count; i++)
        {
            var name = GeneratorFile(i, generators[i].device);
            if (!File.Exists(Path.Combine(folder, name)))
            {
                var saved = System.IO.Directory.GetFiles(folder, $"generator-{i}.*").Select(Path.GetFileName).FirstOrDefault();
                throw new InvalidDataException(saved is null
                    ? $"{folder} holds no state for generator {i} ({name}): was it written by a run with other settings?"
                    : $"{folder} holds generator {i}'s state as {saved}, for another device than this run's {DeviceChoice.Name(generators[i].device)}: random states do not carry across device types, so the resume would not be exact. Resume on the device the run was saved on.");
            }

            using var current = generators[i].get_state();
            var bytes = RandomState(folder, name, current.numel());
            generators[i].set_state(tensor(bytes));
        }

        using (var current = random.get_rng_state())
        {
            random.set_rng_state(tensor(RandomState(folder, "torch-rng.bin", current.numel())));
        }

        return state;
    }

    // A random-number state is a fixed number of bytes for its kind of generator; libtorch aborts the
    // process on any other, so the length is checked here first.
    private static byte[] RandomState(string folder, string name, long expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, name));
        return bytes.LongLength == expected
            ? bytes
            : throw new InvalidDataException($"{Path.Combine(folder, name)} holds {bytes.LongLength} bytes, but a random-number state of this generator is {expected}: the file is damaged.");
    }

    // Reads one file of a checkpoint, naming it in any error.
    private static T Read<T>(string folder, string name, Func<string, T> read)
    {
        var file = Path.Combine(folder, name);
        try
        {
            return read(file);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file} could not be read: {e.Message}", e);
        }
    }

    private static void Read(string folder, string name, Action<string> read) =>
        Read<bool>(folder, name, file =>
        {
            read(file);
            return true;
        });

    private IEnumerable<string> StepFolders() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetDirectories(Directory, "step-*").Where(f => IsStepName(Path.GetFileName(f))).OrderDescending(StringComparer.Ordinal)
            : [];

    private static bool IsStepName(string name) =>
        name.Length == "step-".Length + 8 && name.StartsWith("step-", StringComparison.Ordinal) && name["step-".Length..].All(char.IsAsciiDigit);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string GeneratorFile(int index, Device device) =>
        device.type == DeviceType.CPU
            ? FormattableString.Invariant($"generator-{index}.bin")
            : FormattableString.Invariant($"generator-{index}.{device.type.ToString().ToLowerInvariant()}.bin");

    private static string OptimizerFile(int index) =>
        index == 0 ? "optimizer.bin" : $"optimizer-{index.ToString(CultureInfo.InvariantCulture)}.bin";

    // Every optimizer TorchSharp ships derives from OptimizerHelper, which holds the state (de)serialisation.
    private static TorchSharp.Modules.OptimizerHelper Helper(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new ArgumentException($"cannot checkpoint a {optimizer.GetType().Name}: only TorchSharp's own optimizers save their state.", nameof(optimizer));

    private void Prune(string newest)
    {
        var folders = System.IO.Directory.GetDirectories(Directory, "step-*")
            .Select(Path.GetFileName)
            .Where(n => n is not null && n != newest)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var old in folders.Take(Math.Max(0, folders.Count - (keep - 1))))
        {
            System.IO.Directory.Delete(Path.Combine(Directory, old!), recursive: true);
        }
    }
}
