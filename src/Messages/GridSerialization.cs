using Akka.Hosting;

namespace NmfGrid.Messages;

/// <summary>Hosting registration: grid messages go through <see cref="GridSerializer"/>, and nothing falls back to JSON.</summary>
public static class GridSerialization
{
    public static AkkaConfigurationBuilder AddGridSerialization(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer("grid", [typeof(IGridMessage)], system => new GridSerializer(system))
            .WithStrictSerialization();
}
