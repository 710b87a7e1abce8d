using System.Collections.Generic;
using Contrastive.Generators.Schema;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>
/// 'objective.momentum' of a target network (byol, moco): a number (the base, on the default
/// schedule) or <c>{ base: 0.99, schedule: cosine | constant }</c>.
/// </summary>
internal sealed class TargetMomentumSetting : ObjectiveSetting
{
    public TargetMomentumSetting(double @base, string doc)
        : base("momentum", doc)
    {
        Base = new NumberSetting(new Definitions.Setting("base", Definitions.SettingType.Number, new Definitions.Bounds(0, true, 1, true), @base, "Momentum at the first step."));
        Schedule = new ChoiceSetting(new Definitions.Choice("schedule", new[] { "cosine", "constant" }, "cosine: rises to 1 at the last step; constant: stays at the base."), "momentum schedule");
    }

    /// <summary>'momentum.base' (or 'momentum' alone).</summary>
    public NumberSetting Base { get; }

    /// <summary>'momentum.schedule'.</summary>
    public ChoiceSetting Schedule { get; }

    /// <summary>The base and schedule, or the defaults; null after reporting.</summary>
    public (double Base, string Schedule)? Read(SpecContext context, Dictionary<string, Entry> objective)
    {
        if (!objective.TryGetValue(Key, out var entry))
        {
            return (Base.Default, Schedule.Default);
        }

        if (entry.Value is not Yaml.YamlMapping mapping)
        {
            return Base.Read(context, entry.Value, Label) is { } value ? (value, Schedule.Default) : null;
        }

        var keys = context.Keys(mapping, Label, new[] { Base.Key, Schedule.Key });
        var momentum = keys.TryGetValue(Base.Key, out var b) ? Base.Read(context, b.Value, $"'objective.{Key}.{Base.Key}'") : Base.Default;
        if (momentum is null)
        {
            return null;
        }

        var schedule = keys.TryGetValue(Schedule.Key, out var s) ? Schedule.Read(context, s.Value) : Schedule.Default;
        return schedule is null ? null : (momentum.Value, schedule);
    }

    public override JsonObject Schema()
    {
        var number = Base.Schema();
        number["default"] = null;
        number["description"] = null;
        return new JsonObject
        {
            ["description"] = Describe(string.Empty, $"{Format(Base.Default)}, {Schedule.Default}"),
            ["oneOf"] = new JsonArray
            {
                number,
                new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject { [Base.Key] = Base.Schema(), [Schedule.Key] = Schedule.Schema() },
                },
            },
        };
    }
}
