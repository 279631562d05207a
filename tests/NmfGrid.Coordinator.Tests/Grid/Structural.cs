using System.Collections;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// Deep equality for message records, which compare their collections by reference: doubles bit for bit,
/// DateTimeOffset by ticks and offset (its Equals ignores the offset), dictionaries by key, lists in order.
/// </summary>
public static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        // Collections are compared by content: an IReadOnlyList written from an array reads back as a List.
        var isCollection = expected is IEnumerable and not string && actual is IEnumerable;
        Assert.True(isCollection || expected.GetType() == actual.GetType(),
            $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
        switch (expected)
        {
            case double e:
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits((double)actual),
                    $"{path}: expected {e:R}, got {(double)actual:R}");
                return;
            case DateTimeOffset e:
                Assert.True(e.EqualsExact((DateTimeOffset)actual), $"{path}: expected {e:O}, got {(DateTimeOffset)actual:O}");
                return;
            case string or int or long or bool or TimeSpan or Enum:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IDictionary e:
                var a = (IDictionary)actual;
                Assert.True(e.Count == a.Count, $"{path}: expected {e.Count} entries, got {a.Count}");
                foreach (DictionaryEntry entry in e)
                {
                    Assert.True(a.Contains(entry.Key), $"{path}: key '{entry.Key}' is missing");
                    AssertEqual(entry.Value, a[entry.Key], $"{path}[{entry.Key}]");
                }
                return;
            case IEnumerable e:
                var expectedItems = e.Cast<object?>().ToList();
                var actualItems = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                for (var i = 0; i < expectedItems.Count; i++)
                    AssertEqual(expectedItems[i], actualItems[i], $"{path}[{i}]");
                return;
        }
        var properties = expected.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0).ToList();
        Assert.True(properties.Count > 0 || expected.GetType().GetProperties().Length == 0, $"{path}: nothing to compare");
        foreach (var property in properties)
            AssertEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
