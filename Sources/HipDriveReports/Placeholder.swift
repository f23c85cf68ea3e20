// Trends and reports from the history store.
