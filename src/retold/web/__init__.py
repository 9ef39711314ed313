"""The local web app (`retold serve`): stories, story and article pages over a read-only store, each with a .json twin."""
