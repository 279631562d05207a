using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// hocon/base.conf as operators get it, with serialize-messages on: every message sent between actors goes
/// through the serializer, as it would between nodes.
/// </summary>
public sealed class GridSerializationInActorSystemTests()
    : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
        .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "base.conf")))))
{
    public static IEnumerable<object[]> Messages() => GridMessageSamples.All();

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_survives_serialize_messages_between_actors(IGridMessage message)
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell(message, TestActor);
        Structural.AssertEqual(message, ExpectMsg<IGridMessage>());
    }

    [Fact]
    public void Base_conf_binds_grid_messages_to_GridSerializer()
    {
        Assert.IsType<GridSerializer>(Sys.Serialization.FindSerializerForType(typeof(AssignJob)));
        Assert.IsType<GridSerializer>(Sys.Serialization.FindSerializerForType(typeof(JobCompleted)));
    }

    [Fact]
    public void Base_conf_is_strict_an_unbound_type_has_no_serializer()
    {
        var e = Assert.ThrowsAny<SerializationException>(() => Sys.Serialization.FindSerializerForType(typeof(Unbound)));
        Assert.Contains(nameof(Unbound), e.Message);
    }

    private sealed record Unbound(int Value);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}

/// <summary>The same promises through the hosting extension the nodes use.</summary>
public sealed class AddGridSerializationTests
{
    [Fact]
    public async Task AddGridSerialization_binds_grid_messages_and_is_strict()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("grid-hosting-test", builder => builder
                .AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend)
                .AddGridSerialization()))
            .Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var serializer = Assert.IsType<GridSerializer>(system.Serialization.FindSerializerForType(typeof(SweepSubmitted)));
            Assert.Equal(GridSerializer.SerializerId, serializer.Identifier);
            Assert.ThrowsAny<SerializationException>(() => system.Serialization.FindSerializerForType(typeof(Unbound)));

            var echo = system.ActorOf(Props.Create(() => new Echo()));
            foreach (var message in GridMessageSamples.ByType.Values)
                Structural.AssertEqual(message, await echo.Ask<IGridMessage>(message, TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed record Unbound(int Value);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
