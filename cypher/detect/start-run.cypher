// Marks a detection run as started. An incremental run refreshes stored features before it
// scores, so the changes it found would be lost if it stopped half-way: the next run sees the
// mark (state.cypher) and makes a full pass.
MERGE (s:DetectionState {id: 'detector'})
SET s.running = true
