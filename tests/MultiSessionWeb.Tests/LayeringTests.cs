using System.Text.RegularExpressions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// The structure the code promises in docs/architecture.md, read from the source: small files, folders
/// that depend on each other in one direction only, and services that arrive by injection.
/// </summary>
public sealed partial class LayeringTests
{
    private const int MaxLines = 350;

    // Composition code may resolve services itself: the rate limiter builds its partitions in a callback
    // that dependency injection never sees.
    private static readonly string[] RequestServicesAllowedIn = ["Security/AbuseLimits.cs"];

    [Fact]
    public void NoSourceFileIsLongerThan350Lines()
    {
        var tooLong = SourceTree.AppCode()
            .Select(file => (File: SourceTree.Relative(file), Lines: File.ReadLines(file).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        Assert.True(tooLong.Count == 0, $"Over {MaxLines} lines:\n{string.Join("\n", tooLong)}");
    }

    [Fact]
    public void NoNamespaceDependsOnItselfThroughAnother()
    {
        var edges = NamespaceEdges();
        var cycles = StronglyConnected(edges).Where(component => component.Count > 1).ToList();

        Assert.True(cycles.Count == 0, string.Join("\n\n", cycles.Select(cycle => Describe(cycle, edges))));
    }

    [Fact]
    public void ServicesArriveByInjectionNotFromRequestServices()
    {
        var lookups = SourceTree.AppCode()
            .Where(file => !RequestServicesAllowedIn.Contains(SourceTree.Relative(file)))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: file, Line: line, Number: index + 1)))
            .Where(l => l.Line.Contains("RequestServices", StringComparison.Ordinal))
            .Select(l => $"{SourceTree.Relative(l.File)}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(lookups.Count == 0, $"Services looked up instead of injected:\n{string.Join("\n", lookups)}");
    }

    [Fact]
    public void TheCheckSeesACycleWhenThereIsOne()
    {
        // The guard for the fact above: a graph with a loop through three folders is reported.
        var edges = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "a.cs" },
            ["B"] = new() { ["C"] = "b.cs" },
            ["C"] = new() { ["A"] = "c.cs" },
            ["D"] = new() { ["A"] = "d.cs" },
        };

        var component = Assert.Single(StronglyConnected(edges), c => c.Count > 1);
        Assert.Equal(["A", "B", "C"], component.Order());
    }

    /// <summary>For each folder namespace, the folders it uses and one file that shows each use.</summary>
    private static Dictionary<string, Dictionary<string, string>> NamespaceEdges()
    {
        var edges = new Dictionary<string, Dictionary<string, string>>();
        foreach (var file in SourceTree.AppCode())
        {
            var text = File.ReadAllText(file);
            var from = NamespaceDeclaration().Match(text) is { Success: true } declared ? Folder(declared.Groups[1].Value) : "(root)";
            var targets = edges.TryGetValue(from, out var known) ? known : edges[from] = [];
            foreach (Match use in NamespaceUse().Matches(StripCommentsAndStrings(text)))
            {
                var to = Folder(use.Groups[1].Value);
                if (to != from)
                {
                    targets.TryAdd(to, SourceTree.Relative(file));
                }
            }
        }

        return edges;
    }

    private static string Folder(string qualified) =>
        qualified.Length == 0 ? "(root)" : qualified.TrimStart('.').Split('.')[0];

    // A meter or category name in a string ("MultiSessionWeb.Sessions") is not a use of that namespace.
    private static string StripCommentsAndStrings(string text) => StringLiteral().Replace(LineComment().Replace(text, ""), "\"\"");

    /// <summary>Tarjan's strongly connected components: every cycle lies inside one component.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.TryGetValue(node, out var targets) ? targets.Keys.ToList() : [])
            {
                if (index.TryGetValue(next, out var seen))
                {
                    if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], seen);
                    }
                }
                else
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }

    private static string Describe(List<string> cycle, Dictionary<string, Dictionary<string, string>> edges) =>
        $"These namespaces depend on each other: {string.Join(", ", cycle.Order(StringComparer.Ordinal))}\n"
        + string.Join("\n", cycle.SelectMany(from => edges[from]
            .Where(edge => cycle.Contains(edge.Key))
            .Select(edge => $"  {from} -> {edge.Key} (e.g. {edge.Value})")));

    [GeneratedRegex(@"^namespace MultiSessionWeb((?:\.[A-Za-z]+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // "using MultiSessionWeb.X;", "using static MultiSessionWeb.X.Y;" and "MultiSessionWeb.X.Type" in code.
    [GeneratedRegex(@"(?<![\w.])MultiSessionWeb(\.[A-Z][A-Za-z]*)")]
    private static partial Regex NamespaceUse();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();
}
