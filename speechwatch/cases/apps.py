from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "speechwatch.cases"
    label = "cases"

    def ready(self) -> None:
        # The month tallies keep reports on ongoing cases apart; only this app knows cases.
        from speechwatch.cases import ongoing
        from speechwatch.incidents import monthtally

        monthtally.register_ongoing(
            monthtally.OngoingCases(
                among=ongoing.ongoing_among,
                between=ongoing.ongoing_between,
                mates=ongoing.case_mates,
            )
        )
