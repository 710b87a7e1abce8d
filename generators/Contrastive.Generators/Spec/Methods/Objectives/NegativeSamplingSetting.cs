using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Schema;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>Where negatives come from, as read: the batch alone, or a queue or a memory bank of <see cref="Size"/> entries.</summary>
internal sealed record NegativeSampling(string Source, long Size, double Momentum);

/// <summary>SimCLR's 'objective.negatives': <c>in-batch</c>, <c>{ queue: N }</c> or <c>{ memory-bank: N, momentum: m }</c>.</summary>
internal sealed class NegativeSamplingSetting : ObjectiveSetting
{
    private const string Expected = "'in-batch', '{ queue: 4096 }' or '{ memory-bank: 4096, momentum: 0.5 }'";

    public NegativeSamplingSetting(string method)
        : base("negatives", "Where negatives come from besides the batch.")
    {
        Method = method;
    }

    public string Method { get; }

    /// <summary>The word for the batch alone.</summary>
    public const string InBatch = "in-batch";

    public NumberSetting Queue { get; } = new(new Definitions.Setting("queue", Definitions.SettingType.Integer, new Definitions.Bounds(1, true, 1_000_000, true), double.NaN, "Embeddings of earlier batches kept as extra negatives."));

    public NumberSetting Bank { get; } = new(new Definitions.Setting("memory-bank", Definitions.SettingType.Integer, new Definitions.Bounds(1, true, 1_000_000, true), double.NaN, "Entries drawn from the bank as extra negatives each step."));

    public NumberSetting BankMomentum { get; } = new(new Definitions.Setting("momentum", Definitions.SettingType.Number, new Definitions.Bounds(0, true, 1, false), 0.5, "Weight of an old entry when its sample is seen again."));

    /// <summary>The sampling, or in-batch when absent; null after reporting.</summary>
    public NegativeSampling? Read(SpecContext context, Dictionary<string, Entry> objective)
    {
        if (!objective.TryGetValue(Key, out var entry))
        {
            return new NegativeSampling(InBatch, 0, 0);
        }

        var value = entry.Value;
        if (value is Yaml.YamlScalar)
        {
            return context.Choice(value, $"negative sampling for {Method}", new[] { InBatch }) is null ? null : new NegativeSampling(InBatch, 0, 0);
        }

        if (value is not Yaml.YamlMapping mapping)
        {
            context.Report(DiagnosticDescriptors.WrongType, value, Label, Expected, value.Describe());
            return null;
        }

        var keys = context.Keys(mapping, Label, new[] { Queue.Key, Bank.Key, BankMomentum.Key });
        var hasQueue = keys.TryGetValue(Queue.Key, out var queue);
        var hasBank = keys.TryGetValue(Bank.Key, out var bank);
        if (hasQueue == hasBank)
        {
            context.Report(DiagnosticDescriptors.WrongType, value, Label, Expected, hasQueue ? "both a queue and a memory bank" : "neither a queue nor a memory bank");
            return null;
        }

        var source = hasQueue ? Queue : Bank;
        var size = source.ReadWhole(context, (hasQueue ? queue : bank)!.Value, $"'objective.{Key}.{source.Key}'");
        if (size is null)
        {
            return null;
        }

        if (hasQueue)
        {
            if (keys.TryGetValue(BankMomentum.Key, out var stray))
            {
                context.Report(DiagnosticDescriptors.SectionNotUsed, stray.Key, Method, $"uses 'objective.{Key}.{BankMomentum.Key}' only with a memory bank, whose entries it blends; a queue replaces its keys");
                return null;
            }

            return new NegativeSampling(Queue.Key, size.Value, 0);
        }

        var momentum = keys.TryGetValue(BankMomentum.Key, out var m) ? BankMomentum.Read(context, m.Value, $"'objective.{Key}.{BankMomentum.Key}'") : BankMomentum.Default;
        return momentum is null ? null : new NegativeSampling(Bank.Key, size.Value, momentum.Value);
    }

    public override JsonObject Schema() => new()
    {
        ["description"] = Describe(string.Empty, InBatch),
        ["oneOf"] = new JsonArray
        {
            new JsonObject { ["const"] = InBatch, ["description"] = "The other samples of the batch only." },
            new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = Json.Texts(new[] { Queue.Key }),
                ["properties"] = new JsonObject { [Queue.Key] = Queue.Schema() },
                ["description"] = "The batch plus a FIFO queue of earlier embeddings.",
            },
            new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = Json.Texts(new[] { Bank.Key }),
                ["properties"] = new JsonObject { [Bank.Key] = Bank.Schema(), [BankMomentum.Key] = BankMomentum.Schema() },
                ["description"] = "The batch plus draws from a per-sample memory bank.",
            },
        },
    };
}
