using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Contrastive.Generators.Schema;

/// <summary>
/// A JSON value to build the schema from (netstandard2.0 has no System.Text.Json, and the generator
/// carries no dependency it does not need): objects keep their keys in insertion order, and
/// <see cref="ToString"/> writes the file the way models/model.schema.json is laid out.
/// </summary>
internal abstract class Json
{
    public static implicit operator Json(string value) => new JsonText(value);

    public static implicit operator Json(bool value) => new JsonLiteral(value ? "true" : "false");

    public static implicit operator Json(long value) => new JsonLiteral(value.ToString(CultureInfo.InvariantCulture));

    public static implicit operator Json(double value) => new JsonLiteral(Number(value));

    /// <summary>An array of the texts <paramref name="items"/>.</summary>
    public static JsonArray Texts(IEnumerable<string> items) => new(items.Select(i => (Json)i));

    /// <summary>A number as the schema writes it: whole numbers without a fraction, others in their shortest round-trip form.</summary>
    public static string Number(double value) =>
        value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>The value as indented JSON text (two spaces; arrays of plain values on one line), ending in a newline.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Write(builder, 0);
        return builder.Append('\n').ToString();
    }

    internal abstract void Write(StringBuilder builder, int indent);

    internal virtual bool IsPlain => true;

    protected static void Indent(StringBuilder builder, int indent) => builder.Append(' ', indent * 2);
}

/// <summary>A JSON string.</summary>
internal sealed class JsonText : Json
{
    public JsonText(string value) => Value = value;

    public string Value { get; }

    internal override void Write(StringBuilder builder, int indent)
    {
        builder.Append('"');
        foreach (var c in Value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}

/// <summary>A number, true, false or null, already written.</summary>
internal sealed class JsonLiteral : Json
{
    private readonly string text;

    public JsonLiteral(string text) => this.text = text;

    internal override void Write(StringBuilder builder, int indent) => builder.Append(text);
}

/// <summary>A JSON array.</summary>
internal sealed class JsonArray : Json, IEnumerable<Json>
{
    private readonly List<Json> items = new();

    public JsonArray()
    {
    }

    public JsonArray(IEnumerable<Json> items) => this.items.AddRange(items);

    public int Count => items.Count;

    internal override bool IsPlain => items.Count == 0;

    public void Add(Json item) => items.Add(item);

    public IEnumerator<Json> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void Write(StringBuilder builder, int indent)
    {
        if (items.All(i => i.IsPlain))
        {
            builder.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                builder.Append(i == 0 ? string.Empty : ", ");
                items[i].Write(builder, indent);
            }

            builder.Append(']');
            return;
        }

        builder.Append("[\n");
        for (var i = 0; i < items.Count; i++)
        {
            Indent(builder, indent + 1);
            items[i].Write(builder, indent + 1);
            builder.Append(i < items.Count - 1 ? ",\n" : "\n");
        }

        Indent(builder, indent);
        builder.Append(']');
    }
}

/// <summary>A JSON object whose keys keep the order they were added in; setting a key again replaces its value in place.</summary>
internal sealed class JsonObject : Json, IEnumerable<KeyValuePair<string, Json>>
{
    private readonly List<KeyValuePair<string, Json>> members = new();

    public int Count => members.Count;

    internal override bool IsPlain => members.Count == 0;

    public Json? this[string key]
    {
        get => members.FirstOrDefault(m => m.Key == key).Value;
        set
        {
            var index = members.FindIndex(m => m.Key == key);
            if (value is null)
            {
                if (index >= 0)
                {
                    members.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                members[index] = new KeyValuePair<string, Json>(key, value);
            }
            else
            {
                members.Add(new KeyValuePair<string, Json>(key, value));
            }
        }
    }

    public void Add(string key, Json value) => this[key] = value;

    public IEnumerator<KeyValuePair<string, Json>> GetEnumerator() => members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void Write(StringBuilder builder, int indent)
    {
        if (members.Count == 0)
        {
            builder.Append("{}");
            return;
        }

        builder.Append("{\n");
        for (var i = 0; i < members.Count; i++)
        {
            Indent(builder, indent + 1);
            new JsonText(members[i].Key).Write(builder, indent + 1);
            builder.Append(": ");
            members[i].Value.Write(builder, indent + 1);
            builder.Append(i < members.Count - 1 ? ",\n" : "\n");
        }

        Indent(builder, indent);
        builder.Append('}');
    }
}
