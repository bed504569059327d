"""Smartling's API: transport and authentication, the calls the action makes, typed models and errors."""
