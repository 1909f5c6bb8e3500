// The detector's state: version and time of the last run (absent before the first run).
OPTIONAL MATCH (s:DetectionState {id: 'detector'})
RETURN s.version AS version, s.ran_at AS ranAt, COUNT { (:Touched) } AS touched
