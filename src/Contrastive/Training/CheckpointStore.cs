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

/// <summary>
/// Checkpoints of a run: model, optimizer, training state and random-number states, each in its own
/// folder <c>step-NNNNNNNN</c> under one directory. A checkpoint is written into a temporary folder
/// and renamed into place, and <c>latest</c> is replaced atomically after it, so a crash at any point
/// leaves the previous checkpoint complete and current.
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

    /// <summary>The newest complete checkpoint's folder, or null when there is none.</summary>
    public string? Latest
    {
        get
        {
            var pointer = Path.Combine(Directory, LatestFile);
            if (!File.Exists(pointer))
            {
                return null;
            }

            var folder = Path.Combine(Directory, File.ReadAllText(pointer).Trim());
            return File.Exists(Path.Combine(folder, "state.json")) ? folder : null;
        }
    }

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
        var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
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
    /// Restores the newest checkpoint into <paramref name="model"/>, each of <paramref name="optimizers"/>
    /// (in the order they were saved) and <paramref name="generators"/>; returns its state, or null when
    /// there is no checkpoint.
    /// </summary>
    public TrainingState? Restore(nn.Module model, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<Generator> generators)
    {
        ArgumentOutOfRangeException.ThrowIfZero(optimizers.Count);
        var folder = Latest;
        if (folder is null)
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(folder, "state.json")))
            ?? throw new InvalidDataException($"{folder}/state.json is empty.");
        model.load(Path.Combine(folder, "model.bin"));
        for (var i = 0; i < optimizers.Count; i++)
        {
            var file = Path.Combine(folder, OptimizerFile(i));
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"{folder} holds no state for optimizer {i}: was it written by a run with other settings?");
            }

            Helper(optimizers[i]).load_state_dict(file);
        }

        for (var i = 0; i < generators.Count; i++)
        {
            var file = Path.Combine(folder, GeneratorFile(i, generators[i].device));
            if (!File.Exists(file))
            {
                var saved = System.IO.Directory.GetFiles(folder, $"generator-{i}.*").Select(Path.GetFileName).FirstOrDefault();
                throw new InvalidDataException(saved is null
                    ? $"{folder} holds no state for generator {i}: was it written by a run with other settings?"
                    : $"{folder} holds generator {i}'s state as {saved}, for another device than this run's {DeviceChoice.Name(generators[i].device)}: random states do not carry across device types, so the resume would not be exact. Resume on the device the run was saved on.");
            }

            generators[i].set_state(tensor(File.ReadAllBytes(file)));
        }

        random.set_rng_state(tensor(File.ReadAllBytes(Path.Combine(folder, "torch-rng.bin"))));
        return state;
    }

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
