/** A circuit the simulator cannot run: unknown gate, bad operands, too many qubits. */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
}
