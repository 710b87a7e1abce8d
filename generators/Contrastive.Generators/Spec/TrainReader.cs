using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Vocabularies;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Reads 'train' into the C# initializer of the runtime's <c>TrainOptions</c>. Keys, ranges, defaults
/// and the warm-up rule are the training definitions (<see cref="Definitions.Training"/>), which the
/// runtime records check against too; defaults are written out so the generated code shows them.
/// </summary>
internal static class TrainReader
{
    public static string? Read(SpecContext context, YamlValue? value, string data)
    {
        long batchSize = (long)Definitions.Training.BatchSize.Default, epochs = (long)Definitions.Training.Epochs.Default, seed = (long)Definitions.Training.Seed.Default;
        string optimizer = Definitions.Training.Optimizer.Default, schedule = Definitions.Training.Schedule.Default;
        double lr = Definitions.Training.LearningRate.Default, weightDecay = Definitions.Training.WeightDecay.Default,
            momentum = Definitions.Training.Momentum.Default, warmup = Definitions.Training.WarmupEpochs.Default;
        var ok = true;
        YamlValue? warmupNode = null;

        if (value is not null)
        {
            var mapping = context.Mapping(value, "'train'", "{ batch-size: 256, epochs: 10 }");
            if (mapping is null)
            {
                return null;
            }

            var keys = context.Keys(mapping, "'train'", Definitions.Training.Keys);
            ok &= ReadInteger(context, keys, "'train", Definitions.Training.BatchSize, ref batchSize);
            ok &= ReadInteger(context, keys, "'train", Definitions.Training.Epochs, ref epochs);
            ok &= ReadInteger(context, keys, "'train", Definitions.Training.Seed, ref seed);

            if (keys.TryGetValue("optimizer", out var optimizerEntry))
            {
                var settings = NamedSettings(context, optimizerEntry.Value, "'train.optimizer'", Definitions.Training.OptimizerKeys, Vocabulary.Optimizers, "optimizer", ref optimizer, ref ok);
                ok &= ReadNumber(context, settings, "'train.optimizer", Definitions.Training.LearningRate, ref lr);
                ok &= ReadNumber(context, settings, "'train.optimizer", Definitions.Training.WeightDecay, ref weightDecay);
                ok &= ReadNumber(context, settings, "'train.optimizer", Definitions.Training.Momentum, ref momentum);
            }

            if (keys.TryGetValue("schedule", out var scheduleEntry))
            {
                var settings = NamedSettings(context, scheduleEntry.Value, "'train.schedule'", Definitions.Training.ScheduleKeys, Vocabulary.Schedules, "schedule", ref schedule, ref ok);
                ok &= ReadNumber(context, settings, "'train.schedule", Definitions.Training.WarmupEpochs, ref warmup);
                warmupNode = settings.TryGetValue("warmup-epochs", out var w) ? w.Value : null;
            }
        }

        if (ok && warmupNode is not null && !Definitions.Training.WarmupFits(warmup, epochs))
        {
            context.Report(Diagnostics.DiagnosticDescriptors.OutOfRange, warmupNode, "'train.schedule.warmup-epochs'", Definitions.Training.WarmupRule(epochs), CSharp.Double(warmup));
            ok = false;
        }

        if (ok && warmupNode is not null && schedule != "warmup-cosine")
        {
            context.Report(Diagnostics.DiagnosticDescriptors.OutOfRange, warmupNode, "'train.schedule.warmup-epochs'", "left out unless the schedule is 'warmup-cosine'", $"{CSharp.Double(warmup)} with the schedule '{schedule}'");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        return $"new {TypeNames.TrainOptions}\n{{\n"
            + $"    BatchSize = {CSharp.Long(batchSize)},\n"
            + $"    Epochs = {CSharp.Long(epochs)},\n"
            + $"    Optimizer = new {TypeNames.OptimizerOptions}({TypeNames.OptimizerKind}.{Pascal(optimizer)}, LearningRate: {CSharp.Double(lr)}, WeightDecay: {CSharp.Double(weightDecay)}, Momentum: {CSharp.Double(momentum)}),\n"
            + $"    Schedule = new {TypeNames.ScheduleOptions}({TypeNames.ScheduleKind}.{Pascal(schedule)}, WarmupEpochs: {CSharp.Double(warmup)}),\n"
            + $"    Seed = {CSharp.Long(seed)},\n"
            + $"    Data = {CSharp.String(data)},\n"
            + "}";
    }

    private static string Pascal(string word) => word switch
    {
        "adamw" => "AdamW",
        _ => Identifiers.Pascal(word.Replace('-', '_')),
    };

    /// <summary>Either a bare name ("adam") or a mapping with a 'name' key and settings.</summary>
    private static Dictionary<string, Entry> NamedSettings(SpecContext context, YamlValue value, string what, string[] keys, string[] names, string kind, ref string name, ref bool ok)
    {
        if (value is YamlScalar)
        {
            var chosen = context.Choice(value, kind, names);
            ok &= chosen is not null;
            name = chosen ?? name;
            return new Dictionary<string, Entry>();
        }

        var mapping = context.Mapping(value, what, $"{{ name: {names[0]} }}");
        if (mapping is null)
        {
            ok = false;
            return new Dictionary<string, Entry>();
        }

        var settings = context.Keys(mapping, what, keys);
        if (settings.TryGetValue("name", out var nameEntry))
        {
            var chosen = context.Choice(nameEntry.Value, kind, names);
            ok &= chosen is not null;
            name = chosen ?? name;
        }

        return settings;
    }

    private static bool ReadInteger(SpecContext context, Dictionary<string, Entry> keys, string section, Definitions.Setting setting, ref long target)
    {
        var max = double.IsPositiveInfinity(setting.Range.Max) ? long.MaxValue : (long)setting.Range.Max;
        return Read(keys, setting.Key, v => context.Integer(v, $"{section}.{setting.Key}'", (long)setting.Range.Min, max), ref target);
    }

    private static bool ReadNumber(SpecContext context, Dictionary<string, Entry> keys, string section, Definitions.Setting setting, ref double target)
        => Read(keys, setting.Key, v => context.Number(v, $"{section}.{setting.Key}'", setting.Range.Contains, setting.Range.Text), ref target);

    private static bool Read<T>(Dictionary<string, Entry> keys, string key, System.Func<YamlValue, T?> read, ref T target)
        where T : struct
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            return true;
        }

        var value = read(entry.Value);
        if (value is null)
        {
            return false;
        }

        target = value.Value;
        return true;
    }
}
