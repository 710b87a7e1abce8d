namespace Contrastive.Text;

/// <summary>
/// "Did you mean": the candidate nearest a mistyped word by edit distance, when it is near enough to
/// be a typo rather than another word. <c>--set</c> keys and command-line options both use it.
/// </summary>
public static class Closest
{
    /// <summary>
    /// The candidate nearest <paramref name="word"/> (the first of equals), or null when there is none
    /// within max(2, a third of the word's length) edits.
    /// </summary>
    /// <param name="word">What the user wrote.</param>
    /// <param name="candidates">The valid words.</param>
    /// <param name="distance">How far a candidate is; Levenshtein distance to <paramref name="word"/> by default.</param>
    public static string? Among(string word, IEnumerable<string> candidates, Func<string, int>? distance = null)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        distance ??= candidate => Distance(candidate, word);
        var best = candidates.Select(c => (Candidate: c, Distance: distance(c))).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, word.Length / 3) ? best.Candidate : null;
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
