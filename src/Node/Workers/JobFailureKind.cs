namespace NmfGrid.Node.Workers;

/// <summary>
/// Which failures are worth another attempt. Bad data (a corrupt file, NaN in a matrix, a wrong config value)
/// fails the same way every time, so it is final; a timeout, a cancelled run or a locked or vanished resource
/// may not recur elsewhere.
/// </summary>
public static class JobFailureKind
{
    public static bool IsRetryable(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => IsRetryable(a.InnerException!),
        FileNotFoundException or DirectoryNotFoundException or InvalidDataException => false,
        TimeoutException or OperationCanceledException or IOException or OutOfMemoryException => true,
        _ => false,
    };

    /// <summary>One line for the results table: the exception's type and message, and its innermost cause.</summary>
    public static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is AggregateException or System.Reflection.TargetInvocationException)
        {
            inner = inner.InnerException;
        }
        var text = $"{inner.GetType().Name}: {inner.Message}";
        return inner.InnerException is { } cause ? $"{text} ({cause.GetType().Name}: {cause.Message})" : text;
    }
}
