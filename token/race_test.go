//go:build race

package token

// raceEnabled: the race detector adds allocations of its own, so allocation budgets are not
// checked under it.
const raceEnabled = true
