// The detector's state: version and time of the last finished run (absent before the first
// run), whether a run started and never finished, and how many nodes loads touched since.
OPTIONAL MATCH (s:DetectionState {id: 'detector'})
RETURN s.version AS version, s.ran_at AS ranAt, coalesce(s.running, false) AS unfinished,
  COUNT { (:Touched) } AS touched
