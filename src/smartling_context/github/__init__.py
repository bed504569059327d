"""The GitHub edge: the action's inputs, its event, the REST calls, workflow commands, and publishing the run. Only this package speaks GitHub."""
