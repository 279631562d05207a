using System.Reflection;
using NetArchTest.Rules;

namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// One rule of docs/ARCHITECTURE.md ("Projects and what they may reference"): no type in <see cref="Namespace"/> or the
/// namespaces under it depends on any of <see cref="MustNotReach"/> (namespaces or types, matched as NetArchTest matches
/// them: in signatures, fields, attributes and method bodies), apart from the <see cref="Allowed"/> arrows, each named
/// type by type with its reason. An allowed arrow that the code no longer has is reported too, so the list stays exact.
/// </summary>
public sealed record DependencyRule(string Namespace, IReadOnlyList<string> MustNotReach, IReadOnlyList<AllowedArrow> Allowed)
{
    public DependencyRule(string @namespace, params string[] mustNotReach) : this(@namespace, mustNotReach, [])
    {
    }

    /// <summary>One line per arrow that breaks the rule or allowed arrow that is gone; empty when the code keeps the rule.</summary>
    public IReadOnlyList<string> Check(IReadOnlyList<Assembly> assemblies)
    {
        var problems = new List<string>();
        foreach (var target in MustNotReach)
        {
            foreach (var type in Dependents(assemblies, [target]))
            {
                var allowed = Allowed.Where(a => a.From == type && Within(a.To, target)).ToArray();
                if (allowed.Length == 0)
                {
                    problems.Add($"{type} → {target}");
                }
                else if (Dependents(assemblies, Remove(assemblies, target, allowed.Select(a => a.To))).Contains(type))
                {
                    problems.Add($"{type} → {target}, beyond what it is allowed ({string.Join(", ", allowed.Select(a => a.To))})");
                }
            }
        }
        foreach (var arrow in Allowed)
        {
            if (!MustNotReach.Any(target => Within(arrow.To, target)))
            {
                problems.Add($"allowed arrow {arrow.From} → {arrow.To}: the rule does not forbid {arrow.To}");
            }
            else if (!Dependents(assemblies, [arrow.To]).Contains(arrow.From))
            {
                problems.Add($"allowed arrow {arrow.From} → {arrow.To} is gone from the code: delete it from the rule");
            }
        }
        return problems;
    }

    /// <summary>The top-level types of <see cref="Namespace"/> that depend on any of <paramref name="targets"/>.</summary>
    private ISet<string> Dependents(IReadOnlyList<Assembly> assemblies, IReadOnlyList<string> targets)
    {
        if (targets.Count == 0) return new HashSet<string>();
        var result = Types.InAssemblies(assemblies).That().ResideInNamespace(Namespace)
            .ShouldNot().HaveDependencyOnAny(targets.ToArray()).GetResult();
        // Nested types come back as Outer/Inner; an arrow belongs to the type a reader finds in a file.
        return (result.FailingTypeNames ?? []).Select(n => n.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="target"/> without what <paramref name="allowed"/> names, as the list of the scanned types left in it, so
    /// an allowed type's neighbours stay forbidden.
    /// </summary>
    private static IReadOnlyList<string> Remove(IReadOnlyList<Assembly> assemblies, string target, IEnumerable<string> allowed)
    {
        var inside = Types.InAssemblies(assemblies).GetTypes()
            .Where(t => t.DeclaringType is null && t.Namespace is not null && t.FullName is not null)
            .Where(t => t.FullName == target || Within(t.Namespace!, target))
            .ToArray();
        if (inside.Length == 0)
        {
            throw new ArgumentException($"{target}: an allowed arrow must point into a scanned assembly, to be told apart from its neighbours");
        }
        return inside.Where(t => !allowed.Any(a => t.FullName == a || Within(t.Namespace!, a))).Select(t => t.FullName!).ToArray();
    }

    /// <summary>Whether a namespace or type is <paramref name="outer"/> or inside it.</summary>
    private static bool Within(string name, string outer) => name == outer || name.StartsWith(outer + ".", StringComparison.Ordinal);
}
