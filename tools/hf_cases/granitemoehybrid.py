"""GraniteMoeHybrid: defaults, Granite 4.0 H layouts, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, shared_intermediate_size=48, num_hidden_layers=4,
            num_attention_heads=4, num_key_value_heads=2, num_local_experts=4, num_experts_per_tok=2,
            mamba_n_heads=8, mamba_d_state=16, mamba_n_groups=2,
            layer_types=["mamba", "attention", "mamba", "attention"])

CASES = [
    dict(case_id="granitemoehybrid-defaults", model_type="granitemoehybrid", config={},
         architecture="GraniteMoeHybridForCausalLM", source="GraniteMoeHybridConfig() defaults (every layer Mamba)"),
    dict(case_id="granitemoehybrid-4.0-h-tiny-layout", model_type="granitemoehybrid",
         architecture="GraniteMoeHybridForCausalLM",
         source="a Granite-4.0-H-Tiny-like layout: 40 layers (attention every 10th from 5), 64 experts top-6, "
                "shared MLP 1024, no positional embedding, tied",
         config=dict(vocab_size=100352, hidden_size=1536, intermediate_size=512, shared_intermediate_size=1024,
                     num_hidden_layers=40, num_attention_heads=12, num_key_value_heads=4, num_local_experts=64,
                     num_experts_per_tok=6, mamba_n_heads=48, mamba_d_head=64, mamba_d_state=128, mamba_n_groups=1,
                     mamba_d_conv=4, mamba_expand=2, mamba_conv_bias=True, mamba_proj_bias=False,
                     position_embedding_type="nope", tie_word_embeddings=True, attention_bias=False,
                     layer_types=["attention" if i % 10 == 5 else "mamba" for i in range(40)])),
    dict(case_id="granitemoehybrid-tiny", model_type="granitemoehybrid", architecture="GraniteMoeHybridForCausalLM",
         source="tiny", config=dict(TINY)),
    dict(case_id="granitemoehybrid-tiny-options", model_type="granitemoehybrid",
         architecture="GraniteMoeHybridForCausalLM",
         source="every option flipped: dense (0 experts), rope, tied, attention bias, Mamba proj bias, no conv "
                "bias, head_dim 24, MQA, transformers' own layer type names",
         config=dict(TINY, num_local_experts=0, position_embedding_type="rope", tie_word_embeddings=True,
                     attention_bias=True, mamba_proj_bias=True, mamba_conv_bias=False, head_dim=24,
                     num_key_value_heads=1,
                     layer_types=["full_attention", "linear_attention", "linear_attention", "full_attention"])),
    dict(case_id="granitemoehybrid-tiny-no-layer-types", model_type="granitemoehybrid",
         architecture="GraniteMoeHybridForCausalLM", source="layer_types null: every layer Mamba",
         config=dict({k: v for k, v in TINY.items() if k != "layer_types"}, num_experts_per_tok=1)),
    dict(case_id="granitemoehybrid-tiny-model", model_type="granitemoehybrid", architecture="GraniteMoeHybridModel",
         source="base model, rope", config=dict(TINY, position_embedding_type="rope")),
]
