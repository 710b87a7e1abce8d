using System;
using System.Collections.Generic;
using System.Linq;

namespace Contrastive.Generators.Spec;

/// <summary>"Did you mean" hints: the closest known word within a small edit distance.</summary>
internal static class Suggestions
{
    /// <summary>"; did you mean 'conv'?" or "; expected one of: a, b, c", ready to append to a message.</summary>
    public static string For(string found, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var best = candidates
            .Select(k => (Word: k, Distance: Distance(found.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Word, StringComparer.Ordinal)
            .FirstOrDefault();
        var threshold = Math.Max(1, Math.Min(3, found.Length / 3));
        return best.Word is not null && best.Distance <= threshold
            ? $"; did you mean '{best.Word}'?"
            : $"; expected one of: {string.Join(", ", candidates)}";
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
