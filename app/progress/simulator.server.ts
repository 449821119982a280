import { type Score, type StepRecord } from '~/simulators/engine'

export type SimulatorAttempt = {
  userId: string | null
  scenarioId: string
  mode: 'guided' | 'practice' | 'check'
  score: Score
  steps: StepRecord[]
}

// The one door from the simulators to learning records. The "Progress" issue
// turns it into learning events and projections; until then an attempt is
// not recorded, which is why simulators work without an account.
export async function recordSimulatorAttempt(_attempt: SimulatorAttempt): Promise<void> {}
