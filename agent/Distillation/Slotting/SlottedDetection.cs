using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Distillation.Slotting;

/// <summary>Bob's (possibly squashed) detection in one slot: the slot index since the link epoch, basis and bit.</summary>
public readonly record struct SlottedDetection(long Slot, Basis Basis, byte Bit);
