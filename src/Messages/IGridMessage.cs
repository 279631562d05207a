namespace NmfGrid.Messages;

/// <summary>Marker for every type that crosses a node boundary or is persisted: all of them bind to <c>GridSerializer</c>.</summary>
public interface IGridMessage;
