// Records that a detection run of $version finished.
// $version: string, $mode: 'full' | 'incremental'
MERGE (s:DetectionState {id: 'detector'})
SET s.version = $version, s.ran_at = datetime(), s.mode = $mode, s.running = false
