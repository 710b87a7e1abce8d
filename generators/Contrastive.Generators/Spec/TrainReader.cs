using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Reads 'train' into the C# initializer of the runtime's <c>TrainOptions</c>. Defaults are the
/// runtime record's own (a test compares them), written out so the generated code shows them.
/// </summary>
internal static class TrainReader
{
    private static readonly string[] Keys = { "batch-size", "epochs", "optimizer", "schedule", "seed" };
    private static readonly string[] OptimizerKeys = { "name", "lr", "weight-decay", "momentum" };
    private static readonly string[] ScheduleKeys = { "name", "warmup-epochs" };

    public static string? Read(SpecContext context, YamlValue? value, string data)
    {
        long batchSize = 256, epochs = 10, seed = 0;
        string optimizer = "adam", schedule = "constant";
        double lr = 1e-3, weightDecay = 0, momentum = 0.9, warmup = 0;
        var ok = true;
        YamlValue? warmupNode = null;

        if (value is not null)
        {
            var mapping = context.Mapping(value, "'train'", "{ batch-size: 256, epochs: 10 }");
            if (mapping is null)
            {
                return null;
            }

            var keys = context.Keys(mapping, "'train'", Keys);
            ok &= Read(keys, "batch-size", v => context.Integer(v, "'train.batch-size'", 2, 1 << 20), ref batchSize);
            ok &= Read(keys, "epochs", v => context.Integer(v, "'train.epochs'", 1, 1_000_000), ref epochs);
            ok &= Read(keys, "seed", v => context.Integer(v, "'train.seed'", 0, long.MaxValue), ref seed);

            if (keys.TryGetValue("optimizer", out var optimizerEntry))
            {
                var settings = NamedSettings(context, optimizerEntry.Value, "'train.optimizer'", OptimizerKeys, Vocabulary.Optimizers, "optimizer", ref optimizer, ref ok);
                ok &= Read(settings, "lr", v => context.Number(v, "'train.optimizer.lr'", x => x > 0 && x <= 100, "greater than 0 and at most 100"), ref lr);
                ok &= Read(settings, "weight-decay", v => context.Number(v, "'train.optimizer.weight-decay'", x => x >= 0 && x < 1, "from 0 up to (not including) 1"), ref weightDecay);
                ok &= Read(settings, "momentum", v => context.Number(v, "'train.optimizer.momentum'", x => x >= 0 && x < 1, "from 0 up to (not including) 1"), ref momentum);
            }

            if (keys.TryGetValue("schedule", out var scheduleEntry))
            {
                var settings = NamedSettings(context, scheduleEntry.Value, "'train.schedule'", ScheduleKeys, Vocabulary.Schedules, "schedule", ref schedule, ref ok);
                ok &= Read(settings, "warmup-epochs", v => context.Number(v, "'train.schedule.warmup-epochs'", x => x >= 0, "at least 0"), ref warmup);
                warmupNode = settings.TryGetValue("warmup-epochs", out var w) ? w.Value : null;
            }
        }

        if (ok && warmupNode is not null && warmup >= epochs)
        {
            context.Report(Diagnostics.DiagnosticDescriptors.OutOfRange, warmupNode, "'train.schedule.warmup-epochs'", $"less than 'train.epochs' ({epochs})", CSharp.Double(warmup));
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
