using Contrastive.Methods;
using Contrastive.Vocabularies;

namespace Contrastive.Training;

/// <summary>
/// The entries of a generated options record's <c>Settings</c> table: the generator gives each option
/// its spec key path and a <c>with</c> that sets it; parsing and the sub-keys of compound values
/// (negatives, a target's momentum, training) are defined here, once.
/// </summary>
public static class OptionSettings
{
    /// <summary>The table of a record: its parts in order.</summary>
    public static IReadOnlyList<OptionSetting<TOptions>> Table<TOptions>(params IEnumerable<OptionSetting<TOptions>>[] parts)
        where TOptions : class => parts.SelectMany(p => p).ToArray();

    /// <summary>A plain value at <paramref name="key"/> (a number, true/false, a name, an estimator, an enum member), also read under <paramref name="legacyKey"/>.</summary>
    public static IEnumerable<OptionSetting<TOptions>> Value<TOptions, TValue>(string key, string legacyKey, string summary, Func<TOptions, TValue, TOptions> with)
        where TOptions : class
    {
        var setting = new OptionSetting<TOptions>(key, summary, OptionText.Form<TValue>(), (o, text) => with(o, OptionText.Parse<TValue>(text)));
        return WithLegacy(setting, legacyKey);
    }

    /// <summary>SimCLR's <c>objective.loss</c>: <c>nt-xent</c>, or <c>dcl</c> (decoupled); the old key <paramref name="legacyKey"/> took true/false.</summary>
    public static IEnumerable<OptionSetting<TOptions>> DecoupledLoss<TOptions>(string key, string legacyKey, string summary, Func<TOptions, bool, TOptions> with)
        where TOptions : class
    {
        yield return new OptionSetting<TOptions>(key, summary, "nt-xent or dcl", (o, text) => with(o, text switch
        {
            "nt-xent" => false,
            "dcl" => true,
            _ => throw new FormatException("nt-xent or dcl"),
        }));
        yield return new OptionSetting<TOptions>(legacyKey, summary, OptionText.Form<bool>(), (o, text) => with(o, OptionText.Parse<bool>(text)), Legacy: true);
    }

    /// <summary>
    /// A view method's <c>objective.negatives</c> as the spec writes it: <c>in-batch</c>, <c>.queue</c>
    /// (its length), <c>.memory-bank</c> (entries drawn per step), <c>.momentum</c> (the bank's); the old
    /// keys <c>negatives.source</c>, <c>negatives.size</c>, <c>negatives.momentum</c> are still read.
    /// </summary>
    public static IEnumerable<OptionSetting<TOptions>> Negatives<TOptions>(string key, string legacyKey, string summary, Func<TOptions, NegativeSampling> get, Func<TOptions, NegativeSampling, TOptions> with)
        where TOptions : class
    {
        yield return new OptionSetting<TOptions>(key, summary + " (in-batch here; a queue or bank by its sub-key)", "in-batch",
            (o, text) => text == "in-batch" ? with(o, get(o) with { Source = NegativeSource.InBatch }) : throw new FormatException($"in-batch (a queue or memory bank by its length: {key}.queue=4096, {key}.memory-bank=4096)"));
        yield return new OptionSetting<TOptions>(key + ".queue", "Negatives from a queue of this many earlier embeddings.", OptionText.Form<int>(),
            (o, text) => with(o, Checked(get(o) with { Source = NegativeSource.Queue, Size = OptionText.Parse<int>(text) })));
        yield return new OptionSetting<TOptions>(key + ".memory-bank", "Negatives drawn from a per-sample memory bank, this many per step.", OptionText.Form<int>(),
            (o, text) => with(o, Checked(get(o) with { Source = NegativeSource.MemoryBank, Size = OptionText.Parse<int>(text) })));
        yield return new OptionSetting<TOptions>(key + ".momentum", "Weight of an old memory-bank entry when its sample is seen again.", OptionText.Form<double>(),
            (o, text) => with(o, Checked(get(o) with { Momentum = OptionText.Parse<double>(text) })));
        yield return new OptionSetting<TOptions>(legacyKey + ".source", summary, OptionText.Form<NegativeSource>(),
            (o, text) => with(o, Checked(get(o) with { Source = OptionText.Parse<NegativeSource>(text) })), Legacy: true);
        yield return new OptionSetting<TOptions>(legacyKey + ".size", summary, OptionText.Form<int>(),
            (o, text) => with(o, Checked(get(o) with { Size = OptionText.Parse<int>(text) })), Legacy: true);
        yield return new OptionSetting<TOptions>(legacyKey + ".momentum", summary, OptionText.Form<double>(),
            (o, text) => with(o, Checked(get(o) with { Momentum = OptionText.Parse<double>(text) })), Legacy: true);
    }

    /// <summary>
    /// A target network's <c>objective.momentum</c>: a number (the base), or <c>.base</c> and
    /// <c>.schedule</c>; the old keys <c>momentum.base</c> and <c>momentum.schedule</c> are still read.
    /// </summary>
    public static IEnumerable<OptionSetting<TOptions>> Momentum<TOptions>(string key, string legacyKey, string summary, Func<TOptions, TargetMomentum> get, Func<TOptions, TargetMomentum, TOptions> with)
        where TOptions : class
    {
        var setBase = new OptionSetting<TOptions>(key + ".base", "The momentum m at the start of the run.", OptionText.Form<double>(),
            (o, text) => with(o, Checked(get(o) with { Base = OptionText.Parse<double>(text) })));
        var setSchedule = new OptionSetting<TOptions>(key + ".schedule", "How m moves towards 1 over the run.", OptionText.Form<MomentumSchedule>(),
            (o, text) => with(o, Checked(get(o) with { Schedule = OptionText.Parse<MomentumSchedule>(text) })));
        yield return setBase with { Key = key, Summary = summary + " (a number: its base)" };
        yield return setBase;
        yield return setSchedule;
        yield return setBase.AsLegacy(legacyKey + ".base");
        yield return setSchedule.AsLegacy(legacyKey + ".schedule");
    }

    /// <summary>
    /// The spec's <c>train</c> section and its <c>data</c>, keyed and described by the training
    /// definitions (<see cref="Definitions.Training"/>): <c>train.batch-size</c>, <c>train.epochs</c>,
    /// <c>train.seed</c>, <c>train.optimizer</c> (its name) and <c>.lr</c>, <c>.weight-decay</c>,
    /// <c>.momentum</c>, <c>train.schedule</c> (its name) and <c>.warmup-epochs</c>, <c>data</c>; the old
    /// keys <c>train.optimizer.name</c>, <c>train.schedule.name</c> and <c>train.data</c> are still read.
    /// </summary>
    public static IEnumerable<OptionSetting<TOptions>> Train<TOptions>(Func<TOptions, TrainOptions> get, Func<TOptions, TrainOptions, TOptions> with)
        where TOptions : class
    {
        const string Train = "train.", Optimizer = Train + "optimizer", Schedule = Train + "schedule";
        OptionSetting<TOptions> Of<TValue>(string key, string summary, Func<TrainOptions, TValue, TrainOptions> set) =>
            new(key, summary, OptionText.Form<TValue>(), (o, text) => with(o, set(get(o), OptionText.Parse<TValue>(text))));
        OptionSetting<TOptions> Setting<TValue>(string section, Definitions.Setting setting, Func<TrainOptions, TValue, TrainOptions> set) =>
            Of(section + setting.Key, setting.Doc, set);

        var optimizer = Of<OptimizerKind>(Optimizer, Definitions.Training.Optimizer.Doc, (t, v) => t with { Optimizer = t.Optimizer with { Kind = v } });
        var schedule = Of<ScheduleKind>(Schedule, Definitions.Training.Schedule.Doc, (t, v) => t with { Schedule = t.Schedule with { Kind = v } });
        var data = Of<string>("data", "The data set, as the data command lists them.", (t, v) => t with { Data = v });
        yield return Setting<int>(Train, Definitions.Training.BatchSize, (t, v) => t with { BatchSize = v });
        yield return Setting<int>(Train, Definitions.Training.Epochs, (t, v) => t with { Epochs = v });
        yield return Setting<long>(Train, Definitions.Training.Seed, (t, v) => t with { Seed = v });
        yield return optimizer;
        yield return Setting<double>(Optimizer + ".", Definitions.Training.LearningRate, (t, v) => t with { Optimizer = t.Optimizer with { LearningRate = v } });
        yield return Setting<double>(Optimizer + ".", Definitions.Training.WeightDecay, (t, v) => t with { Optimizer = t.Optimizer with { WeightDecay = v } });
        yield return Setting<double>(Optimizer + ".", Definitions.Training.Momentum, (t, v) => t with { Optimizer = t.Optimizer with { Momentum = v } });
        yield return schedule;
        yield return Setting<double>(Schedule + ".", Definitions.Training.WarmupEpochs, (t, v) => t with { Schedule = t.Schedule with { WarmupEpochs = v } });
        yield return data;
        yield return optimizer.AsLegacy(Optimizer + "." + Definitions.Training.Optimizer.Key);
        yield return schedule.AsLegacy(Schedule + "." + Definitions.Training.Schedule.Key);
        yield return data.AsLegacy(Train + "data");
    }

    // A compound value checks itself as soon as a key changes it (its checks relate only its own values).
    private static NegativeSampling Checked(NegativeSampling negatives)
    {
        negatives.Validate();
        return negatives;
    }

    private static TargetMomentum Checked(TargetMomentum momentum)
    {
        momentum.Validate();
        return momentum;
    }

    private static IEnumerable<OptionSetting<TOptions>> WithLegacy<TOptions>(OptionSetting<TOptions> setting, string legacyKey)
        where TOptions : class
    {
        yield return setting;
        if (legacyKey != setting.Key)
        {
            yield return setting.AsLegacy(legacyKey);
        }
    }
}
