namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>One nmfgrid command line found in a deploy file: the subcommand and the words after it.</summary>
internal sealed record NmfgridInvocation(string Source, string Command, IReadOnlyList<string> Arguments)
{
    public IEnumerable<string> Options => Arguments.Where(a => a.StartsWith('-'));

    /// <summary>The words right after each occurrence of an option (its values).</summary>
    public IEnumerable<string> ValuesOf(string option) =>
        Arguments.Select((word, i) => (word, i)).Where(p => p.word == option && p.i + 1 < Arguments.Count)
            .Select(p => Arguments[p.i + 1]);

    /// <summary>
    /// The invocation in a command's words: from the word naming the nmfgrid executable (a path ending in
    /// /nmfgrid, or a shell variable $nmfgrid), or from the first word when the image's entrypoint is nmfgrid.
    /// Null when the words run something else.
    /// </summary>
    public static NmfgridInvocation? Find(string source, IReadOnlyList<string> words, bool entrypointIsNmfgrid = false)
    {
        // -1: the first word is already the subcommand.
        var executable = words.ToList().FindIndex(IsExecutable);
        if (executable < 0 && !entrypointIsNmfgrid) return null;
        if (executable + 1 >= words.Count || !IsSubcommandLike(words[executable + 1])) return null;
        return new NmfgridInvocation(source, words[executable + 1], words.Skip(executable + 2).ToList());
    }

    // Shell lines also name the executable in tests ([ -x "$nmfgrid" ]); a subcommand is a lower-case word.
    private static bool IsSubcommandLike(string word) => word.Length > 0 && word.All(c => c is (>= 'a' and <= 'z') or '-') && word[0] != '-';

    private static bool IsExecutable(string word) =>
        word is "nmfgrid" or "$nmfgrid" or "${nmfgrid}" || word.EndsWith("/nmfgrid", StringComparison.Ordinal);
}
