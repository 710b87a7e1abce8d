using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Schema;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>MoCo's 'objective.negatives': its queue of keys, <c>{ queue: N }</c>.</summary>
internal sealed class KeyQueueSetting : ObjectiveSetting
{
    public KeyQueueSetting(string method, double size)
        : base("negatives", $"{method}'s negatives are its queue of keys: {{ queue: N }}.")
    {
        Method = method;
        Queue = new NumberSetting(new Definitions.Setting("queue", Definitions.SettingType.Integer, new Definitions.Bounds(1, true, 1_000_000, true), size, "Keys in the queue."));
    }

    public string Method { get; }

    public NumberSetting Queue { get; }

    /// <summary>The queue's size, or the default; null after reporting.</summary>
    public long? Read(SpecContext context, Dictionary<string, Entry> objective)
    {
        if (!objective.TryGetValue(Key, out var entry))
        {
            return (long)Queue.Default;
        }

        if (entry.Value is Yaml.YamlMapping mapping)
        {
            var keys = context.Keys(mapping, Label, new[] { Queue.Key });
            if (keys.TryGetValue(Queue.Key, out var size))
            {
                return Queue.ReadWhole(context, size.Value, $"'objective.{Key}.{Queue.Key}'");
            }

            context.Report(DiagnosticDescriptors.MissingKey, entry.Value, Label, Queue.Key, $"{Method}'s negatives are its queue of keys, e.g. '{{ queue: {Format(Queue.Default)} }}'");
            return null;
        }

        context.Report(DiagnosticDescriptors.WrongType, entry.Value, Label, $"{Method}'s queue of keys, '{{ queue: {Format(Queue.Default)} }}'", entry.Value.Describe());
        return null;
    }

    public override JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Json.Texts(new[] { Queue.Key }),
        ["properties"] = new JsonObject { [Queue.Key] = Queue.Schema() },
        ["description"] = Describe(string.Empty, $"{{ {Queue.Key}: {Format(Queue.Default)} }}"),
    };
}
