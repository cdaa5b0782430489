"""The five-part briefing of a category: prompts, the model client, the offline extract,
the record kept in the cache and the service that streams or reuses one."""
