from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "speechwatch.news"
    label = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from speechwatch.news import inbox, pipeline, stories_inbox, triage_actions, triage_store
        from speechwatch.triage.context import register_provider

        # fetched items are triaged (scored, grouped into stories) and the inbox groups by story
        if getattr(settings, "SPEECHWATCH_TRIAGE_ON_FETCH", True):
            pipeline.register_stage("triage", stories_inbox.triage_stage)
        inbox.register_grouper(stories_inbox.group_by_story)
        triage_actions.connect_corrections()
        # what triage reads from the inbox: stored items for stories, decisions for training
        register_provider("stored_story_features", triage_store.stored_features)
        register_provider("stored_embed_texts", triage_store.stored_embed_texts)
        register_provider("triage_decisions", triage_store.decision_rows)
