"""扫描计票: read scanned ballots into the session and let the scrutineers decide every 待核 box (issue 14)."""
