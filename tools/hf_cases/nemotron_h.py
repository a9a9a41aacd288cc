"""Nemotron-H: defaults, published layouts, both heads, and every option the template reads."""

KINDS = {"M": "linear_attention", "*": "full_attention", "E": "moe", "-": "mlp"}


def blocks(pattern: str) -> list[str]:
    """A hybrid_override_pattern written out as layers_block_type (what NemotronHConfig does)."""
    return [KINDS[c] for c in pattern]


TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_attention_heads=4, num_key_value_heads=2,
            head_dim=16, mamba_num_heads=8, mamba_head_dim=16, ssm_state_size=16, n_groups=2, n_routed_experts=4,
            num_experts_per_tok=2, moe_intermediate_size=32, moe_shared_expert_intermediate_size=48,
            layers_block_type=blocks("ME*-M"))

CASES = [
    dict(case_id="nemotron_h-defaults", model_type="nemotron_h", config={}, architecture="NemotronHForCausalLM",
         source="NemotronHConfig() defaults (4 layers: mamba, moe, attention, mlp)"),
    dict(case_id="nemotron_h-8b-base", model_type="nemotron_h", architecture="NemotronHForCausalLM",
         source="nvidia/Nemotron-H-8B-Base-8K config.json, its hybrid_override_pattern written out as "
                "layers_block_type (as save_pretrained writes it)",
         config=dict(vocab_size=131072, hidden_size=4096, intermediate_size=21504, num_attention_heads=32,
                     num_key_value_heads=8, head_dim=128, mamba_num_heads=128, mamba_head_dim=64, ssm_state_size=128,
                     n_groups=8, conv_kernel=4, expand=2, use_conv_bias=True, use_bias=False, mlp_bias=False,
                     tie_word_embeddings=False, layer_norm_epsilon=1e-05, mlp_hidden_act="relu2",
                     layers_block_type=blocks("M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M-"))),
    dict(case_id="nemotron_h-8b-base-pattern", model_type="nemotron_h", architecture="NemotronHForCausalLM",
         source="nvidia/Nemotron-H-8B-Base-8K config.json as published: hybrid_override_pattern, no layers_block_type",
         config=dict(vocab_size=131072, hidden_size=4096, intermediate_size=21504, num_attention_heads=32,
                     num_key_value_heads=8, head_dim=128, mamba_num_heads=128, mamba_head_dim=64, ssm_state_size=128,
                     n_groups=8, conv_kernel=4, expand=2, use_conv_bias=True, use_bias=False, mlp_bias=False,
                     tie_word_embeddings=False, layer_norm_epsilon=1e-05, mlp_hidden_act="relu2", num_hidden_layers=52,
                     hybrid_override_pattern="M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M-")),
    dict(case_id="nemotron_h-tiny-pattern-loses", model_type="nemotron_h", architecture="NemotronHForCausalLM",
         source="layers_block_type and a hybrid_override_pattern that disagrees: layers_block_type wins",
         config=dict(TINY, hybrid_override_pattern="MMMM")),
    dict(case_id="nemotron_h-tiny", model_type="nemotron_h", architecture="NemotronHForCausalLM", source="tiny",
         config=dict(TINY)),
    dict(case_id="nemotron_h-tiny-options", model_type="nemotron_h", architecture="NemotronHForCausalLM",
         source="every option flipped: tie_word_embeddings true (still untied), Mamba biases, no conv bias, MLP "
                "biases, latent MoE, kernel 3, 1 group, MQA, num_hidden_layers that disagrees (ignored)",
         config=dict(TINY, tie_word_embeddings=True, use_bias=True, use_conv_bias=False, mlp_bias=True,
                     moe_latent_size=24, conv_kernel=3, n_groups=1, num_key_value_heads=1, num_hidden_layers=9)),
    dict(case_id="nemotron_h-tiny-layer-types-alias", model_type="nemotron_h", architecture="NemotronHForCausalLM",
         source="`layer_types` (attribute_map alias), `num_local_experts` alias",
         config=dict({k: v for k, v in TINY.items() if k not in ("layers_block_type", "n_routed_experts")},
                     layer_types=blocks("EEM*"), num_local_experts=3)),
    dict(case_id="nemotron_h-tiny-model", model_type="nemotron_h", architecture="NemotronHModel", source="base model",
         config=dict(TINY)),
]
